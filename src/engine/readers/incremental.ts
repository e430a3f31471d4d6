import type { RunContext } from '../context.js';
import { cursorScan } from '../cursor-scan.js';
import type { Partition, Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { mapAsync, merge } from '../merge.js';
import { newestFirstScan } from '../newest-first-scan.js';
import type { PartitionSelection } from '../partitions.js';
import { toRecord } from '../records.js';
import type { Position, StreamState } from '../stream-state.js';
import { UnreadablePartitions } from '../unreadable-partitions.js';
import { Estimate, type ReadStep } from './read-step.js';

/**
 * Polling increments: per partition, whatever changed since the position kept in state, partitions
 * side by side. A partition's position moves in the state only when its records are handed out, so
 * every STATE covers exactly what was emitted before it, whatever the interleaving. Listings Coding
 * sorts by the cursor are read by cursorScan, newest-first ones by newestFirstScan; a partition whose
 * parent's mark (a depot's LastPushAt) has not moved since it was last read through is not read.
 */
export async function* incrementalByCursor(ctx: RunContext, stream: Stream, state: StreamState, select?: PartitionSelection): AsyncGenerator<ReadStep> {
  const cursor = stream.cursor;
  if (!cursor) throw new Error(`stream ${stream.name} declares no cursor`);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const estimate = new Estimate();
  const unreadable = new UnreadablePartitions(stream);
  const warn = (message: string): void => void ctx.log('WARN', message);
  interface Scanned {
    partition: Partition;
    records: ReadStep['records'];
    /** Undefined while a newest-first partition is still being read: its position cannot move yet. */
    position: Position | undefined;
    total: number | undefined;
  }
  const perPartition = async function* (partition: Partition): AsyncGenerator<Scanned> {
    const saved = state.position(partition.key);
    const start: Position = saved && saved.value >= floor ? { value: saved.value, ids: saved.ids } : { value: floor, ids: [] };
    const mark = markOf(stream, partition);
    if (mark !== undefined && saved?.mark === mark) return;
    const newestFirst = cursor.order === 'newest-first';
    const scan = newestFirst
      ? newestFirstScan(ctx.client, stream, partition, start, { pageSize: stream.list.pageSize, warn })
      : cursorScan(ctx.client, stream, partition, start, { pageSize: stream.list.pageSize, warn });
    let reached = start;
    for await (const step of scan) {
      const items = await enrich(ctx, stream, partition, step.items);
      // A newest-first scan positions only its last step: the partition was read through, the mark holds.
      const position = step.position && newestFirst && mark !== undefined ? { ...step.position, mark } : step.position;
      reached = step.position ?? reached;
      yield { partition, records: items.map((item) => toRecord(stream, partition, item)), position, total: step.totalCount };
    }
    if (mark !== undefined && !newestFirst) yield { partition, records: [], position: { ...reached, mark }, total: undefined };
  };
  // An empty depot is not found until someone pushes to it: its mark alone saves the request meanwhile.
  const remembered = (partition: Partition) => (): Scanned | undefined => {
    const mark = markOf(stream, partition);
    const saved = state.position(partition.key);
    return mark === undefined ? undefined : { partition, records: [], position: { value: saved?.value ?? floor, ids: saved?.ids ?? [], mark }, total: undefined };
  };
  const guarded = (partition: Partition) => unreadable.guard(partition, perPartition(partition), remembered(partition));
  for await (const scanned of merge<Scanned>(mapAsync(ctx.partitions.of(ctx, stream, select), guarded), ctx.settings.maxConcurrency)) {
    if (scanned.position) state.setPosition(scanned.partition.key, scanned.position);
    const total = estimate.add(scanned.total);
    yield { records: scanned.records, state: state.toJSON(), ...(total === undefined ? {} : { estimate: total }) };
  }
  await unreadable.report(ctx);
}

/** The parent's `unchangedWhile` field, when the stream keeps one and Coding gave a number. */
function markOf(stream: Stream, partition: Partition): number | undefined {
  const field = stream.cursor?.unchangedWhile;
  const value = field === undefined ? undefined : partition.parent?.[field];
  // A depot never pushed to says 0 (or nothing): still a mark, which moves on the first push.
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
