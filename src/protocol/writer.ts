import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AirbyteMessage, JsonObject } from './messages.js';

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
  /** Each secret with its JSON-escaped form, computed once (and their UTF-8 bytes): masking runs on every line. */
  private readonly secrets: Array<{ raw: string; escaped: string; bytes: Buffer[] }> = [];

  constructor(private readonly out: Writable) {}

  redact(...values: Array<string | undefined | null>): void {
    for (const value of values) {
      // Very short values would mask ordinary words; they are not plausible tokens anyway.
      if (value && value.length >= 4 && !this.secrets.some((s) => s.raw === value)) {
        const escaped = JSON.stringify(value).slice(1, -1);
        this.secrets.push({ raw: value, escaped, bytes: [...new Set([value, escaped])].map((form) => Buffer.from(form, 'utf8')) });
      }
    }
  }

  mask(text: string): string {
    let result = text;
    for (const { raw, escaped } of this.secrets) {
      if (result.includes(raw)) result = result.split(raw).join(MASK);
      if (escaped !== raw && result.includes(escaped)) result = result.split(escaped).join(MASK);
    }
    return result;
  }

  async write(msg: AirbyteMessage): Promise<void> {
    const json = JSON.stringify(msg);
    // A config update exists to hand renewed credentials to the platform: masking would break it.
    const line = (msg.type === 'CONTROL' ? json : this.mask(json)) + '\n';
    if (!this.out.write(line)) await once(this.out, 'drain');
  }

  /**
   * The records of one step in one write: each serialised once, masked once as a whole chunk, and
   * handed to stdout together, so the cost per record is its JSON and nothing else.
   */
  async writeRecords(stream: string, records: readonly JsonObject[], emittedAt = Date.now()): Promise<void> {
    if (records.length === 0) return;
    const prefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
    const suffix = `,"emitted_at":${emittedAt}}}\n`;
    let chunk = '';
    for (const record of records) chunk += prefix + JSON.stringify(record) + suffix;
    // Encoded once (stdout would do it anyway), then searched as bytes: far cheaper on a megabyte of
    // mostly non-ASCII text than a string search, and a chunk almost never holds a secret.
    const bytes = Buffer.from(chunk, 'utf8');
    const holdsSecret = this.secrets.some((secret) => secret.bytes.some((form) => bytes.includes(form)));
    const out = holdsSecret ? Buffer.from(this.mask(chunk), 'utf8') : bytes;
    if (!this.out.write(out)) await once(this.out, 'drain');
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  async flush(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
    await new Promise<void>((resolve) => this.out.write('', () => resolve()));
  }
}
