import type { BackoffEvent } from '../coding/client.js';
import { message, type AirbyteMessage } from '../protocol/messages.js';

/**
 * Tells the platform when the connector waits because Coding asked it to slow down: a RUNNING status
 * with a RATE_LIMITED reason for the stream being read (so the UI shows why a sync is slow) and a LOG line.
 */
export class BackoffReporter {
  constructor(
    private readonly emit: (message: AirbyteMessage) => Promise<void>,
    private readonly activity: { stream: string | undefined },
  ) {}

  report = (event: BackoffEvent): void => {
    const seconds = (event.delayMs / 1000).toFixed(1);
    const why = event.reason === 'rate_limited' ? 'Coding asked to slow down' : event.reason === 'server_error' ? 'Coding answered with a server error' : event.reason === 'bad_response' ? "Coding's answer was cut short" : 'the connection failed';
    void this.emit(message.log('WARN', `${event.action}: ${why}; retry #${event.attempt} in ${seconds}s.`));
    const stream = this.activity.stream;
    if (event.reason === 'rate_limited' && stream) void this.emit(message.streamStatus(stream, 'RUNNING', Date.now() + event.delayMs));
  };
}
