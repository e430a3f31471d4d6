import { CodingNotFoundError } from '../../coding/errors.js';
import type { Item } from '../../coding/paging.js';
import { isObject } from '../../json.js';
import type { RunContext } from '../context.js';
import { cursorScan } from '../cursor-scan.js';
import { listOf, type ObjectEvents, type Partition, type ProjectRef, type Stream } from '../declaration.js';
import { enrich } from '../item-calls.js';
import { idOf, listPartition } from '../listing.js';
import { toRecord, tombstone } from '../records.js';
import type { Change } from './changes.js';

const DAY_MS = 86_400_000;

/**
 * Turns changes into records: the current version of each changed object, read back from the API in
 * the same shape as polling emits it, or a tombstone for an object that is gone.
 */
export async function materialize(ctx: RunContext, stream: Stream, binding: ObjectEvents, projects: ReadonlyMap<string, ProjectRef>, changes: readonly Change[]): Promise<Item[]> {
  const records: Item[] = [];
  const byProject = new Map<string, Change[]>();
  for (const change of changes) byProject.set(change.project, [...(byProject.get(change.project) ?? []), change]);
  for (const [name, projectChanges] of byProject) {
    const project = projects.get(name);
    if (!project) continue;
    const partition = ctx.partitions.project(project);
    const upserts = new Map(projectChanges.filter((c) => !c.deleted).map((c) => [c.id, c]));
    const found = await readBack(ctx, stream, binding, partition, upserts);
    for (const change of projectChanges) {
      const item = change.deleted ? undefined : found.get(change.id);
      records.push(item ? { ...toRecord(stream, partition, item), _ab_cdc_updated_at: new Date(change.receivedAt).toISOString(), _ab_cdc_deleted_at: null } : tombstone(stream, partition, change.id, change.receivedAt));
    }
  }
  return records;
}

/**
 * The current version of each changed object, by id; an object Coding no longer has is absent.
 * Changed objects are found by re-listing (one request per page of changes, kind to the rate limit)
 * rather than one request per event.
 */
async function readBack(ctx: RunContext, stream: Stream, binding: ObjectEvents, partition: Partition, wanted: Map<number, Change>): Promise<Map<number, Item>> {
  const found = new Map<number, Item>();
  if (wanted.size === 0) return found;
  // Changed objects were updated no earlier than the hook says (a day's margin covers clock skew).
  const since = Math.min(...[...wanted.values()].map((c) => c.changedAt ?? c.receivedAt)) - DAY_MS;
  await relist(ctx, stream, partition, since, new Set(wanted.keys()), found);

  const stillMissing = [...wanted.keys()].filter((id) => !found.has(id));
  if (binding.fetchOne && stillMissing.length > 0) {
    const single = await fetchEach(ctx, binding, partition, stillMissing);
    // The hook's time was off: the single read tells where the object sits in the listing, so the
    // record can still have the listing's shape, like every other record of the stream.
    const cursor = stream.cursor;
    if (cursor) {
      const values = [...single.values()].map((item) => Number(item[cursor.field])).filter((n) => Number.isFinite(n));
      if (values.length > 0) await relist(ctx, stream, partition, Math.min(...values), new Set(single.keys()), found);
    }
    for (const [id, item] of single) if (!found.has(id)) found.set(id, item);
  }
  const enriched = await enrich(ctx, stream, partition, [...found.values()]);
  return new Map(enriched.map((item) => [Number(idOf(stream, item)), item]));
}

/** Lists the partition (by cursor from `since` when the stream has one) and keeps the wanted objects. */
async function relist(ctx: RunContext, stream: Stream, partition: Partition, since: number, wanted: Set<number>, found: Map<number, Item>): Promise<void> {
  const take = (items: Item[]): boolean => {
    for (const item of items) {
      const id = Number(idOf(stream, item));
      if (wanted.has(id)) found.set(id, item);
    }
    return [...wanted].every((id) => found.has(id));
  };
  if (stream.cursor) {
    const scan = cursorScan(ctx.client, stream, partition, { value: Math.max(0, since), ids: [] }, { pageSize: listOf(stream).pageSize, warn: (m) => void ctx.log('WARN', m) });
    for await (const step of scan) if (take(step.items)) return;
    return;
  }
  for await (const page of listPartition(ctx, stream, partition)) if (take(page.items)) return;
}

async function fetchEach(ctx: RunContext, binding: ObjectEvents, partition: Partition, ids: number[]): Promise<Map<number, Item>> {
  const fetchOne = binding.fetchOne;
  const fetched = new Map<number, Item>();
  if (!fetchOne) return fetched;
  await Promise.all(
    ids.map(async (id) => {
      const request = fetchOne(partition, id);
      try {
        const object = (await ctx.client.call(request.action, request.params))[request.payloadKey];
        if (isObject(object)) fetched.set(id, object);
      } catch (error) {
        if (!(error instanceof CodingNotFoundError)) throw error;
      }
    }),
  );
  return fetched;
}
