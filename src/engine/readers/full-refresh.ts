import type { RunContext } from '../context.js';
import type { Partition, Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { listPartition } from '../listing.js';
import { mapAsync, merge } from '../merge.js';
import { toRecord } from '../records.js';
import { StreamState } from '../stream-state.js';
import { UnreadablePartitions } from '../unreadable-partitions.js';
import { readByCursor } from './by-cursor.js';
import { readChildren } from './children.js';
import { Estimate, NO_CURSOR_STATE, type ReadStep } from './read-step.js';

/**
 * Reads everything, partitions side by side. Cursor streams scan by cursor even here, so that a full
 * refresh is not lost to drift either; child streams read the children of every parent.
 */
export async function* fullRefresh(ctx: RunContext, stream: Stream): AsyncGenerator<ReadStep> {
  if (stream.children) {
    for await (const step of readChildren(ctx, stream, StreamState.empty(stream))) yield { ...step, state: NO_CURSOR_STATE };
    return;
  }
  if (stream.cursor) {
    for await (const step of readByCursor(ctx, stream, StreamState.empty(stream))) yield { ...step, state: NO_CURSOR_STATE };
    return;
  }
  const estimate = new Estimate();
  const unreadable = new UnreadablePartitions(stream);
  const perPartition = async function* (partition: Partition): AsyncGenerator<ReadStep> {
    for await (const page of listPartition(ctx, stream, partition)) {
      const items = await enrich(ctx, stream, partition, page.items);
      // Filtered listings (projects) report totals of what they do not emit.
      const total = stream.include ? undefined : estimate.add(page.totalCount);
      yield { records: items.map((item) => toRecord(stream, partition, item)), state: NO_CURSOR_STATE, ...(total === undefined ? {} : { estimate: total }) };
    }
  };
  yield* merge(mapAsync(ctx.partitions.of(ctx, stream), (partition) => unreadable.guard(partition, perPartition(partition))), ctx.settings.maxConcurrency);
  await unreadable.report(ctx);
}
