import type { Item } from '../../coding/paging.js';
import type { JsonObject } from '../../json.js';

/** One checkpointable step of a read: records to emit, then the state that holds once they are. */
export interface ReadStep {
  records: Item[];
  state: JsonObject;
  /** Coding's count of what this read will cover, when known so far. */
  estimate?: number;
  /** Coding's count of a partition's whole listing, when this step learned it (a deletion sweep). */
  listedTotal?: { partition: string; count: number };
}

/** The state of full-refresh streams: nothing to resume from, but each stream still checkpoints. */
export const NO_CURSOR_STATE: JsonObject = { __ab_no_cursor_state_message: true };

/** Sums the totals Coding reports per partition, as partitions are reached. */
export class Estimate {
  private total = 0;
  add(count: number | undefined): number | undefined {
    if (count === undefined) return undefined;
    this.total += count;
    return this.total;
  }
}
