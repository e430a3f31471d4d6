/**
 * How CAT's test_read_sequential_slices picks the checkpoints it resumes from, and what it expects
 * of each: our reading of connector_acceptance_test/tests/test_incremental.py, reimplemented.
 */
import type { StateMessage } from './harness.js';

export interface Checkpoint {
  state: StateMessage;
  /** How many records CAT expects at least when reading again from this state. */
  expectedRecords: number;
}

function countOf(state: StateMessage): number {
  return state.sourceStats?.recordCount ?? 0;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Order-insensitive, key-order-insensitive equality of two lists of records' data (DeepDiff with ignore_order). */
export function sameData(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(canonical).sort();
  const right = b.map(canonical).sort();
  return left.every((value, i) => value === right[i]);
}

/**
 * Consecutive states with the same stream_state collapse into the first, which takes the record counts
 * of the group; states that account for no records are dropped; each survivor expects the records
 * counted after it. The walk keeps CAT's edge behaviour (a run of equal states at the very end folds
 * into its first member without adding the last one's count).
 */
export function uniqueCheckpoints(states: StateMessage[]): Checkpoint[] {
  if (states.length <= 1) return states.filter((s) => countOf(s) !== 0).map((state) => ({ state, expectedRecords: 0 }));
  const key = (s: StateMessage): string => canonical(s.stream.stream_state ?? null);
  const unique: Array<{ state: StateMessage; count: number }> = [];
  let current = 0;
  while (current < states.length - 1) {
    let next = current + 1;
    while (key(states[current] as StateMessage) === key(states[next] as StateMessage) && next < states.length - 1) next += 1;
    const count = states.slice(current, next).reduce((sum, s) => sum + countOf(s), 0);
    unique.push({ state: states[current] as StateMessage, count });
    const last = states[next] as StateMessage;
    if (next === states.length - 1 && key(states[current] as StateMessage) !== key(last)) unique.push({ state: last, count: countOf(last) });
    current = next;
  }
  const nonZero = unique.filter((u) => u.count !== 0);
  const total = nonZero.reduce((sum, u) => sum + u.count, 0);
  let seen = 0;
  return nonZero.map((u) => {
    seen += u.count;
    return { state: u.state, expectedRecords: total - seen };
  });
}

const MIN_BATCHES_TO_TEST = 5;

/**
 * Which checkpoints are resumed from: with fewer than three, only the last; otherwise about five,
 * never the first (a connector may checkpoint before reading anything) nor the last (it may repeat
 * an earlier position when the last page is partial).
 */
export function sampledCheckpoints(states: StateMessage[]): Checkpoint[] {
  const unique = uniqueCheckpoints(states);
  if (unique.length < 3) return unique.slice(-1);
  const sampleRate = Math.floor(unique.length / MIN_BATCHES_TO_TEST) || 1;
  return unique.filter((_, idx) => idx !== 0 && idx % sampleRate === 0 && idx !== unique.length - 1);
}
