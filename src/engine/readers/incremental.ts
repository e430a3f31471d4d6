import type { Item } from '../../coding/paging.js';
import type { RunContext } from '../context.js';
import { cursorScan } from '../cursor-scan.js';
import { listOf, type Partition, type Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { mapAsync, merge } from '../merge.js';
import type { PartitionSelection } from '../partitions.js';
import { toRecord } from '../records.js';
import type { Position, StreamState } from '../stream-state.js';
import { UnreadablePartitions } from '../unreadable-partitions.js';
import { Estimate, type ReadStep } from './read-step.js';

/** More of a partition's steps after its scan (the deletion sweep's tombstones). */
export interface FollowUpStep {
  records: Item[];
  /** What the step changes in the state, applied when its records are handed out. */
  commit(state: StreamState): void;
  /** Coding's count of the partition's whole listing, when the step learned it. */
  listedTotal?: number;
}

/** Work a reader adds to one partition's scan. */
export interface PartitionFollowUp {
  /** A scanned step is about to be handed out: what the state must remember of its records besides the position. */
  scanned(records: readonly Item[]): (state: StreamState) => void;
  /** Steps once the partition's scan is done; `last` is where the scan ended. */
  after(last: Position): AsyncIterable<FollowUpStep>;
}

/** Called as each partition starts, with the position its scan starts from (undefined: none saved). */
export type FollowUpFactory = (partition: Partition, saved: Position | undefined) => PartitionFollowUp;

/**
 * Polling increments: per partition, whatever changed since the position kept in state, partitions
 * side by side. A partition's position moves in the state only when its records are handed out, so
 * every STATE covers exactly what was emitted before it, whatever the interleaving. A follow-up (the
 * deletion sweep) may add to each partition's steps under the same rule; `select` keeps only some
 * partitions (webhook mode: the ones events named).
 */
export async function* incrementalByCursor(
  ctx: RunContext,
  stream: Stream,
  state: StreamState,
  options: { followUp?: FollowUpFactory; select?: PartitionSelection } = {},
): AsyncGenerator<ReadStep> {
  const { followUp, select } = options;
  const cursor = stream.cursor;
  if (!cursor) throw new Error(`stream ${stream.name} declares no cursor`);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const estimate = new Estimate();
  const unreadable = new UnreadablePartitions(stream);
  interface Scanned {
    partition: Partition;
    records: ReadStep['records'];
    commit(state: StreamState): void;
    total: number | undefined;
    listedTotal?: number;
  }
  const perPartition = async function* (partition: Partition): AsyncGenerator<Scanned> {
    const saved = state.position(partition.key);
    const start = state.startAt(partition.key, floor);
    const extra = followUp?.(partition, saved);
    let last = start;
    const scan = cursorScan(ctx.client, stream, partition, start, { pageSize: listOf(stream).pageSize, warn: (message) => void ctx.log('WARN', message) });
    for await (const step of scan) {
      const items = await enrich(ctx, stream, partition, step.items);
      const records = items.map((item) => toRecord(stream, partition, item));
      const remember = extra?.scanned(records);
      const position = step.position;
      last = position;
      const commit = (target: StreamState): void => {
        target.setPosition(partition.key, position);
        remember?.(target);
      };
      yield { partition, records, commit, total: step.totalCount };
    }
    if (!extra) return;
    for await (const step of extra.after(last)) yield { partition, records: step.records, commit: step.commit, total: undefined, ...(step.listedTotal === undefined ? {} : { listedTotal: step.listedTotal }) };
  };
  const guarded = (partition: Partition) => unreadable.guard(partition, perPartition(partition));
  for await (const scanned of merge<Scanned>(mapAsync(ctx.partitions.of(ctx, stream, select), guarded), ctx.settings.maxConcurrency)) {
    scanned.commit(state);
    const total = estimate.add(scanned.total);
    yield {
      records: scanned.records,
      state: state.toJSON(),
      ...(total === undefined ? {} : { estimate: total }),
      ...(scanned.listedTotal === undefined ? {} : { listedTotal: { partition: scanned.partition.key, count: scanned.listedTotal } }),
    };
  }
  await unreadable.report(ctx);
}
