import type { RunContext } from '../context.js';
import { cursorScan } from '../cursor-scan.js';
import { listOf, type Partition, type Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { mapAsync, merge } from '../merge.js';
import { toRecord } from '../records.js';
import type { Position, StreamState } from '../stream-state.js';
import { Estimate, type ReadStep } from './read-step.js';

/**
 * Polling increments: per partition, whatever changed since the position kept in state, partitions
 * side by side. A partition's position moves in the state only when its records are handed out, so
 * every STATE covers exactly what was emitted before it, whatever the interleaving.
 */
export async function* incrementalByCursor(ctx: RunContext, stream: Stream, state: StreamState): AsyncGenerator<ReadStep> {
  const cursor = stream.cursor;
  if (!cursor) throw new Error(`stream ${stream.name} declares no cursor`);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const estimate = new Estimate();
  interface Scanned {
    partition: Partition;
    records: ReadStep['records'];
    position: Position;
    total: number | undefined;
  }
  const perPartition = async function* (partition: Partition): AsyncGenerator<Scanned> {
    const saved = state.position(partition.key);
    const start = saved && saved.value >= floor ? saved : { value: floor, ids: [] };
    const scan = cursorScan(ctx.client, stream, partition, start, { pageSize: listOf(stream).pageSize, warn: (message) => void ctx.log('WARN', message) });
    for await (const step of scan) {
      const items = await enrich(ctx, stream, partition, step.items);
      yield { partition, records: items.map((item) => toRecord(stream, partition, item)), position: step.position, total: step.totalCount };
    }
  };
  for await (const scanned of merge<Scanned>(mapAsync(ctx.partitions.of(ctx, stream), perPartition), ctx.settings.maxConcurrency)) {
    state.setPosition(scanned.partition.key, scanned.position);
    const total = estimate.add(scanned.total);
    yield { records: scanned.records, state: state.toJSON(), ...(total === undefined ? {} : { estimate: total }) };
  }
}
