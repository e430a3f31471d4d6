import type { BackoffEvent } from '../coding/client.js';
import { message, type AirbyteMessage } from '../protocol/messages.js';

/** Rate-limited statuses for one stream at most this often: the UI needs to know, not to count. */
const STATUS_INTERVAL_MS = 5_000;

export interface RateView {
  /** requests_per_second as configured. */
  configured: number;
  /** The rate the limiter lowered itself to at the last throttled answer, if it ever did. */
  afterLastCut(): number | undefined;
}

/**
 * Tells the platform when the connector waits because Coding asked it to slow down or failed. Throttling
 * is expected when requests_per_second is above Coding's limit, and the rate limiter adapts to it, so it
 * is not logged per retry: the stream being read gets a RUNNING status with a RATE_LIMITED reason (so
 * the UI shows why a sync is slow) at most every few seconds, and `summary()` gives one line at the end.
 * Other retries (server errors, broken connections, odd answers) are rare and each gets a WARN line.
 */
export class BackoffReporter {
  private throttled = 0;
  private readonly statusSentAt = new Map<string, number>();

  constructor(
    private readonly emit: (message: AirbyteMessage) => Promise<void>,
    private readonly activity: { stream: string | undefined },
    private readonly rate: RateView,
    private readonly now: () => number = Date.now,
  ) {}

  report = (event: BackoffEvent): void => {
    if (event.reason === 'rate_limited') {
      this.throttled++;
      this.reportRateLimited(event.delayMs);
      return;
    }
    const seconds = (event.delayMs / 1000).toFixed(1);
    void this.emit(message.log('WARN', `${event.action}: ${WHY[event.reason]}; retry #${event.attempt} in ${seconds}s.`));
  };

  /** One line on the throttling of the whole run, or nothing if there was none. */
  summary(): AirbyteMessage | undefined {
    if (this.throttled === 0) return undefined;
    const lowered = formatRate(this.rate.afterLastCut() ?? this.rate.configured);
    return message.log(
      'WARN',
      `Coding's rate limit refused ${this.throttled} request(s), which were retried; the connector lowered its request rate to match, to ${lowered}/s at the last refusal (requests_per_second is ${formatRate(this.rate.configured)}). Setting requests_per_second to about ${lowered} would avoid most of the throttling.`,
    );
  }

  private reportRateLimited(delayMs: number): void {
    const stream = this.activity.stream;
    if (!stream) return;
    const now = this.now();
    const last = this.statusSentAt.get(stream);
    if (last !== undefined && now - last < STATUS_INTERVAL_MS) return;
    this.statusSentAt.set(stream, now);
    void this.emit(message.streamStatus(stream, 'RUNNING', now + delayMs));
  }
}

const WHY: Record<Exclude<BackoffEvent['reason'], 'rate_limited'>, string> = {
  server_error: 'Coding answered with a server error',
  network_error: 'the connection failed',
  bad_response: "Coding's answer was cut short",
  no_envelope: "Coding's answer had no Response envelope",
};

function formatRate(rate: number): string {
  return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}
