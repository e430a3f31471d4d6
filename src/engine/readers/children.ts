import type { RunContext } from '../context.js';
import { ChildFetcher, changeTimeOf, childItems } from '../child-calls.js';
import { cursorScan, type ScanEnd, type ScanStep } from '../cursor-scan.js';
import { listOf, type Partition, type Stream } from '../declaration.js';
import { mapAsync, merge } from '../merge.js';
import { toRecord } from '../records.js';
import type { Position, StreamState } from '../stream-state.js';
import type { ReadStep } from './read-step.js';

/**
 * Child streams (comments, work logs, status changes, blockers of issues): read by following the
 * parent's cursor. The stream keeps its own position on the parent's listing, per partition, in the
 * parent's layout. Each sync scans the parents changed since that position (cursorScan, so nothing is
 * lost while Coding changes), fetches the children of each page of changed parents, emits them, then
 * checkpoints the parent position: k changed issues cost about k child calls.
 *
 * Which children are emitted: on a first sync (no position) all of them. Afterwards, only those whose
 * own change time is at or after the position the sync started from: every child changed later
 * moved its parent past that position (an issue's UpdatedAt moves when a comment, a work log or a
 * status is added), so it is read now, and children emitted before are not repeated. A scan that
 * stops half-way keeps, beside its position, the time it started from (`since`): a resumed sync
 * emits the children of the parents not reached yet by that rule, not by the position it stopped at.
 * Children without a change time (blockers) are emitted as the current set of each changed parent.
 */
export async function* readChildren(ctx: RunContext, stream: Stream, state: StreamState): AsyncGenerator<ReadStep> {
  const spec = stream.children;
  const parent = spec?.of;
  const cursor = parent?.cursor;
  if (!spec || !parent || !cursor) throw new Error(`stream ${stream.name} is not a child of a cursor stream`);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const fetcher = new ChildFetcher(ctx, stream);
  interface Scanned {
    partition: Partition;
    records: ReadStep['records'];
    position: Position;
  }
  const perPartition = async function* (partition: Partition): AsyncGenerator<Scanned> {
    const saved = state.position(partition.key);
    const start = state.startAt(partition.key, floor);
    const since = saved ? (saved.since ?? saved.value) : 0;
    const keep = (child: Record<string, unknown>): boolean => {
      const changed = changeTimeOf(spec, child);
      return changed === undefined || changed >= since;
    };
    const scan = cursorScan(ctx.client, parent, partition, start, { pageSize: listOf(parent).pageSize, warn: (message) => void ctx.log('WARN', message) });
    let reached: Position = { ...start, since };
    for (;;) {
      const next: IteratorResult<ScanStep, ScanEnd> = await scan.next();
      if (next.done) {
        // Read to the end: the next sync emits what changed from here on.
        if (next.value.complete) yield { partition, records: [], position: { value: reached.value, ids: reached.ids } };
        return;
      }
      const families = await fetcher.fetch(partition, next.value.items);
      const records = families.flatMap((family) => childItems(stream, family, keep)).map((item) => toRecord(stream, partition, item));
      reached = { ...next.value.position, since };
      yield { partition, records, position: reached };
    }
  };
  for await (const scanned of merge<Scanned>(mapAsync(ctx.partitions.of(ctx, parent), perPartition), ctx.settings.maxConcurrency)) {
    state.setPosition(scanned.partition.key, scanned.position);
    yield { records: scanned.records, state: state.toJSON() };
  }
}
