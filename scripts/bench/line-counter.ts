/**
 * Counts lines of a child's stdout as it streams, and those that start with a given prefix, without
 * keeping them or decoding them: at a million records, splitting strings in the benchmark's own
 * process would steal CPU from the simulator it shares the machine with.
 */
export class LineCounter {
  lines = 0;
  matching = 0;
  bytes = 0;
  private readonly prefix: Buffer;
  /** Bytes of the current line seen so far (up to the prefix length), and whether they match it. */
  private headLength = 0;
  private headMatches = true;
  private lineHasBytes = false;

  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix);
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      this.takeHead(chunk, start, end);
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** Counts a last line that has no newline. */
  finish(): void {
    if (this.lineHasBytes) this.endLine();
  }

  private takeHead(chunk: Buffer, start: number, end: number): void {
    if (end > start) this.lineHasBytes = true;
    const take = Math.min(end - start, this.prefix.length - this.headLength);
    if (take <= 0) return;
    if (this.headMatches && this.prefix.compare(chunk, start, start + take, this.headLength, this.headLength + take) !== 0) this.headMatches = false;
    this.headLength += take;
  }

  private endLine(): void {
    this.lines += 1;
    if (this.headMatches && this.headLength === this.prefix.length) this.matching += 1;
    this.headLength = 0;
    this.headMatches = true;
    this.lineHasBytes = false;
  }
}

/** Counts occurrences of a string in a byte stream, also where a chunk boundary cuts through one. */
export class OccurrenceCounter {
  count = 0;
  private readonly needle: Buffer;
  private carry: Buffer = Buffer.alloc(0);

  constructor(needle: string) {
    this.needle = Buffer.from(needle);
  }

  push(chunk: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    for (;;) {
      const at = data.indexOf(this.needle, from);
      if (at === -1) break;
      this.count += 1;
      from = at + this.needle.length;
    }
    // Keep just enough of the tail to complete a match cut by the boundary, never a counted one.
    const keep = Math.min(this.needle.length - 1, data.length - from);
    this.carry = Buffer.from(data.subarray(data.length - keep));
  }
}
