import { CodingNotFoundError, CodingPermissionError } from '../coding/errors.js';
import type { RunContext } from './context.js';
import type { Partition, Stream } from './declaration.js';

/**
 * Partitions below a project (a depot, a CI job) that Coding will not list for this token: an empty
 * or archived depot (not found), or one the token's user may not read (refused). Each is skipped, and
 * the stream goes on; once it is read, one WARN names them all. When Coding refused every partition
 * (and there was one), the token most likely lacks the stream's scope: the stream fails, with Coding's
 * refusal (which names the scope) as its error.
 */
export class UnreadablePartitions {
  private readonly skipped: Array<{ key: string; error: CodingNotFoundError | CodingPermissionError }> = [];
  private read = 0;

  constructor(private readonly stream: Stream) {}

  /**
   * The partition's steps; for a partition below a project that Coding will not list, the steps
   * already yielded and then `afterNotFound()`'s, if it gives one (a position that remembers the
   * parent's mark, so an empty depot costs nothing until it is pushed to).
   */
  async *guard<T>(partition: Partition, steps: AsyncIterable<T>, afterNotFound?: () => T | undefined): AsyncGenerator<T> {
    if (partition.parent === undefined) {
      yield* steps;
      return;
    }
    try {
      yield* steps;
      this.read++;
    } catch (error) {
      if (!(error instanceof CodingNotFoundError || error instanceof CodingPermissionError)) throw error;
      this.skipped.push({ key: partition.key, error });
      const step = error instanceof CodingNotFoundError ? afterNotFound?.() : undefined;
      if (step !== undefined) yield step;
    }
  }

  /** After the stream's partitions were read: the WARN, or the failure when nothing could be read. */
  async report(ctx: RunContext): Promise<void> {
    if (this.skipped.length === 0) return;
    const [first] = this.skipped;
    if (this.read === 0 && first && this.skipped.every((s) => s.error instanceof CodingPermissionError)) throw first.error;
    const names = this.skipped.map((s) => `${s.key} (${s.error instanceof CodingPermissionError ? 'refused' : 'not found'})`);
    await ctx.log(
      'WARN',
      `${this.stream.name}: skipped ${this.skipped.length} ${this.skipped.length === 1 ? 'partition' : 'partitions'} Coding would not list (empty, archived, or not readable with this token): ${names.join(', ')}.`,
    );
  }
}
