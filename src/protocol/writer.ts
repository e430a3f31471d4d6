import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AirbyteMessage } from './messages.js';

const MASK = '**********';

/**
 * Writes protocol messages to stdout, one JSON object per line.
 *
 * Backpressure: `write` resolves at once while the stream buffers, and waits for 'drain' when it does
 * not, so a slow reader (Airbyte's orchestrator, a pipe into a file on a slow disk) bounds our memory
 * instead of letting lines pile up.
 *
 * Secrets: every value registered with `redact` is masked in every line, whatever path it took to get
 * there (an error message quoting a URL, a config echoed back...). This is the last line of defence;
 * the code that builds messages also avoids putting secrets in them.
 */
export class ProtocolWriter {
  private readonly secrets: string[] = [];

  constructor(private readonly out: Writable) {}

  redact(...values: Array<string | undefined | null>): void {
    for (const value of values) {
      // Very short values would mask ordinary words; they are not plausible tokens anyway.
      if (value && value.length >= 4 && !this.secrets.includes(value)) this.secrets.push(value);
    }
  }

  mask(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
      const json = JSON.stringify(secret).slice(1, -1);
      if (json !== secret && result.includes(json)) result = result.split(json).join(MASK);
    }
    return result;
  }

  async write(msg: AirbyteMessage): Promise<void> {
    const json = JSON.stringify(msg);
    // A config update exists to hand renewed credentials to the platform: masking would break it.
    const line = (msg.type === 'CONTROL' ? json : this.mask(json)) + '\n';
    if (!this.out.write(line)) await once(this.out, 'drain');
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  async flush(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
    await new Promise<void>((resolve) => this.out.write('', () => resolve()));
  }
}
