import type { RunContext } from '../context.js';
import { listOf, type Partition, type Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { mapAsync, merge } from '../merge.js';
import { newestFirstScan } from '../newest-first-scan.js';
import type { PartitionSelection } from '../partitions.js';
import { toRecord } from '../records.js';
import type { Position, StreamState } from '../stream-state.js';
import { UnreadablePartitions } from '../unreadable-partitions.js';
import { Estimate, type ReadStep } from './read-step.js';

/**
 * Polling increments of listings Coding returns newest first (a depot's commits, a job's builds),
 * partitions side by side. A partition's position moves only once it was read through (its last
 * step); the steps before carry the state as it was, so a sync cut short reads the partition again from
 * there. A partition whose parent's mark (a depot's LastPushAt) has not moved since it was last read
 * through costs no request; an empty depot keeps its mark too, so it is asked again only once pushed to.
 */
export async function* incrementalNewestFirst(ctx: RunContext, stream: Stream, state: StreamState, select?: PartitionSelection): AsyncGenerator<ReadStep> {
  const cursor = stream.cursor;
  if (!cursor) throw new Error(`stream ${stream.name} declares no cursor`);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const estimate = new Estimate();
  const unreadable = new UnreadablePartitions(stream);
  interface Scanned {
    partition: Partition;
    records: ReadStep['records'];
    /** Set on a partition's last step only. */
    position: Position | undefined;
    total: number | undefined;
  }
  const startOf = (partition: Partition): Position => state.startAt(partition.key, floor);
  const perPartition = async function* (partition: Partition): AsyncGenerator<Scanned> {
    const mark = markOf(stream, partition);
    if (mark !== undefined && state.position(partition.key)?.mark === mark) return;
    const scan = newestFirstScan(ctx.client, stream, partition, startOf(partition), { pageSize: listOf(stream).pageSize, warn: (message) => void ctx.log('WARN', message) });
    for await (const step of scan) {
      const items = await enrich(ctx, stream, partition, step.items);
      const position = step.position && mark !== undefined ? { ...step.position, mark } : step.position;
      yield { partition, records: items.map((item) => toRecord(stream, partition, item)), position, total: step.totalCount };
    }
  };
  const remembered = (partition: Partition) => (): Scanned | undefined => {
    const mark = markOf(stream, partition);
    return mark === undefined ? undefined : { partition, records: [], position: { ...startOf(partition), mark }, total: undefined };
  };
  const guarded = (partition: Partition) => unreadable.guard(partition, perPartition(partition), remembered(partition));
  for await (const scanned of merge<Scanned>(mapAsync(ctx.partitions.of(ctx, stream, select), guarded), ctx.settings.maxConcurrency)) {
    if (scanned.position) state.setPosition(scanned.partition.key, scanned.position);
    const total = estimate.add(scanned.total);
    yield { records: scanned.records, state: state.toJSON(), ...(total === undefined ? {} : { estimate: total }) };
  }
  await unreadable.report(ctx);
}

/** The parent's `unchangedWhile` field, when the stream keeps one and Coding gave a number (0 for a depot never pushed to). */
function markOf(stream: Stream, partition: Partition): number | undefined {
  const field = stream.cursor?.unchangedWhile;
  const value = field === undefined ? undefined : partition.parent?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
