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
