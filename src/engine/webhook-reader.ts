import pLimit from 'p-limit';
import { CodingNotFoundError } from '../coding/errors.js';
import { pages, type Item } from '../coding/paging.js';
import { isObject, type JsonObject } from '../json.js';
import type { EventStore, StoredEvent } from '../webhooks/store/event-store.js';
import type { RunContext } from './context.js';
import { cursorScan } from './cursor-scan.js';
import { cursorFieldOf } from './discover.js';
import type { Partition, StreamDeclaration, WebhookBinding } from './declaration.js';
import { enrich } from './enrich.js';
import { fullRefresh, incrementalByCursor, type ReadStep } from './readers.js';
import { toRecord } from './records.js';

/**
 * Webhook mode. The receiver appends Coding's Service Hook deliveries to an event log; each sync replays
 * the log after the offset its state holds and turns the changes into records: the current object for
 * creates and updates, a tombstone (key + `_ab_cdc_deleted_at`) for deletes.
 *
 * The first sync takes a full snapshot by polling, after noting the log's head: changes that arrive
 * during the snapshot are replayed after it (at least once, never a gap). If the state's offset belongs
 * to another log, or retention already dropped events after it, the sync says so and snapshots again.
 *
 * Hook payloads are a snake_case subset of the API's objects, so changed objects are read back from
 * the API — by re-listing (one request per page of changes, kind to the rate limit) rather than one
 * request per event — and several events on one object between two syncs cost one read.
 */
export interface WebhookState {
  store: string;
  offset: string | null;
  snapshotComplete: boolean;
}

/** Events replayed, coalesced and emitted per checkpoint. */
const CHUNK = 1000;
const DAY_MS = 86_400_000;

/** The reader of a stream in webhook mode, or undefined when Service Hooks do not report on it. */
export function webhookReader(ctx: RunContext, declaration: StreamDeclaration, input: JsonObject | undefined): AsyncIterable<ReadStep> | undefined {
  const binding = declaration.webhook;
  if (!binding || !ctx.eventStore) return undefined;
  return readChanges(ctx, declaration, binding, ctx.eventStore, input);
}

async function* readChanges(ctx: RunContext, declaration: StreamDeclaration, binding: WebhookBinding, openStore: () => Promise<EventStore>, input: JsonObject | undefined): AsyncGenerator<ReadStep> {
  const store = await openStore();
  const storeId = await store.id();
  const saved = parseWebhookState(input);
  let replayFrom: string | null | undefined;
  let resume: WebhookState | undefined;
  if (saved && saved.store !== storeId) {
    await ctx.log('WARN', `${declaration.name}: the state refers to another event log than ${redactUrl(ctx.settings.webhook.store)} (it was recreated, or webhook_store changed); reading a full snapshot so that nothing is missed.`);
  } else if (saved && !(await store.covers(saved.offset))) {
    await ctx.log('WARN', `${declaration.name}: events after the last sync were already dropped by the event store's retention (webhook_retention_hours); reading a full snapshot so that nothing is missed.`);
  } else if (saved?.snapshotComplete) {
    replayFrom = saved.offset;
  } else if (saved) {
    resume = saved;
  }

  if (replayFrom === undefined) {
    // The head is read before the first page: whatever changes while the snapshot runs is replayed after.
    const head = resume ? resume.offset : await store.head();
    const webhook = { store: storeId, offset: head, snapshotComplete: false };
    const snapshot = declaration.cursor ? incrementalByCursor(ctx, declaration, resume ? withoutWebhook(input) : undefined) : fullRefresh(ctx, declaration);
    for await (const step of snapshot) yield { ...step, state: declaration.cursor ? { ...withoutWebhook(step.state), webhook } : { webhook } };
    replayFrom = head;
  }
  yield* replay(ctx, declaration, binding, store, storeId, replayFrom);
}

async function* replay(ctx: RunContext, declaration: StreamDeclaration, binding: WebhookBinding, store: EventStore, storeId: string, from: string | null): AsyncGenerator<ReadStep> {
  const relevant = new Set([...binding.upserts, ...binding.deletes]);
  const projects = new Map((await ctx.projects.list()).map((p) => [p.name, p]));
  let offset = from;
  let chunk: StoredEvent[] = [];
  let steps = 0;
  const flush = async (): Promise<ReadStep> => {
    const changes = new Map<string, Change>();
    for (const event of chunk) {
      if (!relevant.has(event.event) || !projects.has(event.projectName)) continue;
      const change = parseChange(binding, event);
      if (!change) continue;
      const key = `${event.projectName}/${change.id}`;
      changes.delete(key); // re-inserted last, so the emission order follows the latest change
      changes.set(key, change);
    }
    offset = chunk[chunk.length - 1]?.offset ?? offset;
    chunk = [];
    const records = await materialize(ctx, declaration, binding, projects, [...changes.values()]);
    return { records, state: { webhook: { store: storeId, offset, snapshotComplete: true } } };
  };
  for await (const event of store.read(from)) {
    chunk.push(event);
    if (chunk.length >= CHUNK) {
      steps += 1;
      yield await flush();
    }
  }
  if (chunk.length > 0 || steps === 0) yield await flush();
}

interface Change {
  project: string;
  id: number;
  deleted: boolean;
  /** When the receiver got the latest event on this object. */
  receivedAt: number;
  /** When Coding says the object changed, if the hook says. */
  changedAt: number | undefined;
}

function parseChange(binding: WebhookBinding, event: StoredEvent): Change | undefined {
  let body: unknown;
  try {
    body = JSON.parse(event.body);
  } catch {
    return undefined;
  }
  const object = isObject(body) ? body[binding.objectKey] : undefined;
  if (!isObject(object)) return undefined;
  const id = binding.idOf(object);
  if (id === undefined) return undefined;
  return { project: event.projectName, id, deleted: binding.deletes.includes(event.event), receivedAt: event.receivedAt, changedAt: binding.changedAt?.(object) };
}

async function materialize(ctx: RunContext, declaration: StreamDeclaration, binding: WebhookBinding, projects: Map<string, { name: string; id: number }>, changes: Change[]): Promise<Item[]> {
  const records: Item[] = [];
  const byProject = new Map<string, Change[]>();
  for (const change of changes) {
    const list = byProject.get(change.project);
    if (list) list.push(change);
    else byProject.set(change.project, [change]);
  }
  for (const [name, projectChanges] of byProject) {
    const partition: Partition = { teamName: ctx.settings.teamName, project: projects.get(name) };
    const upserts = new Map(projectChanges.filter((c) => !c.deleted).map((c) => [c.id, c]));
    const found = await readBack(ctx, declaration, binding, partition, upserts);
    for (const change of projectChanges) {
      const item = change.deleted ? undefined : found.get(change.id);
      records.push(item ? { ...toRecord(declaration, partition, item), _ab_cdc_updated_at: iso(change.receivedAt), _ab_cdc_deleted_at: null } : tombstone(declaration, partition, change));
    }
  }
  return records;
}

/** The current version of each changed object, by id; an object Coding no longer has is absent. */
async function readBack(ctx: RunContext, declaration: StreamDeclaration, binding: WebhookBinding, partition: Partition, wanted: Map<number, Change>): Promise<Map<number, Item>> {
  const found = new Map<number, Item>();
  if (wanted.size === 0) return found;
  const idOf = (item: Item) => Number(item[declaration.idField]);
  const missing = () => [...wanted.keys()].filter((id) => !found.has(id));
  // Changed objects were updated no earlier than the hook says (a day's margin covers clock skew).
  const since = Math.min(...[...wanted.values()].map((c) => c.changedAt ?? c.receivedAt)) - DAY_MS;
  await relist(ctx, declaration, partition, since, new Set(wanted.keys()), found);

  const stillMissing = missing();
  if (binding.fetchOne && stillMissing.length > 0) {
    const single = await fetchEach(ctx, binding, partition, stillMissing);
    // The hook's time was off: the single read tells where the object sits in the listing, so the
    // record can still have the listing's shape, like every other record of the stream.
    const updated = [...single.values()].map((item) => Number(item.UpdatedAt)).filter((n) => Number.isFinite(n));
    if (declaration.cursor && updated.length > 0) await relist(ctx, declaration, partition, Math.min(...updated), new Set(single.keys()), found);
    for (const [id, item] of single) if (!found.has(id)) found.set(id, item);
  }
  const enriched = await enrich(ctx, declaration, partition, [...found.values()]);
  return new Map(enriched.map((item) => [idOf(item), item]));
}

/** Lists the partition (by cursor from `since` when the stream has one) and keeps the wanted objects. */
async function relist(ctx: RunContext, declaration: StreamDeclaration, partition: Partition, since: number, wanted: Set<number>, found: Map<number, Item>): Promise<void> {
  const take = (items: Item[]): boolean => {
    for (const item of items) {
      const id = Number(item[declaration.idField]);
      if (wanted.has(id)) found.set(id, item);
    }
    return [...wanted].every((id) => found.has(id));
  };
  if (declaration.cursor) {
    const scan = cursorScan(ctx.client, declaration, partition, { value: Math.max(0, since), ids: [] }, { pageSize: declaration.list.pageSize, warn: (m) => void ctx.log('WARN', m) });
    for await (const step of scan) if (take(step.items)) return;
    return;
  }
  const { action, shape, pageSize } = declaration.list;
  for await (const page of pages(ctx.client, action, declaration.list.params(partition), shape, pageSize, (item) => item[declaration.idField])) {
    if (take(page.items)) return;
  }
}

async function fetchEach(ctx: RunContext, binding: WebhookBinding, partition: Partition, ids: number[]): Promise<Map<number, Item>> {
  const fetchOne = binding.fetchOne;
  const fetched = new Map<number, Item>();
  if (!fetchOne) return fetched;
  const limit = pLimit(4);
  await Promise.all(
    ids.map((id) =>
      limit(async () => {
        const request = fetchOne(partition, id);
        try {
          const object = (await ctx.client.call(request.action, request.params))[request.payloadKey];
          if (isObject(object)) fetched.set(id, object);
        } catch (error) {
          if (!(error instanceof CodingNotFoundError)) throw error;
        }
      }),
    ),
  );
  return fetched;
}

/** A deleted object: its key, and the CDC fields that make deduplicating destinations delete the row. */
function tombstone(declaration: StreamDeclaration, partition: Partition, change: Change): Item {
  const at = iso(change.receivedAt);
  // Destinations order versions of a row by the cursor: the tombstone must be the newest.
  const cursor = cursorFieldOf(declaration);
  const fields: Item = { [declaration.idField]: change.id, [cursor]: cursor === '_ab_cdc_updated_at' ? at : change.receivedAt, _ab_cdc_updated_at: at, _ab_cdc_deleted_at: at };
  return toRecord(declaration, partition, fields);
}

function parseWebhookState(input: JsonObject | undefined): WebhookState | undefined {
  const webhook = input?.webhook;
  if (!isObject(webhook) || typeof webhook.store !== 'string') return undefined;
  const offset = webhook.offset;
  if (offset !== null && typeof offset !== 'string') return undefined;
  return { store: webhook.store, offset, snapshotComplete: webhook.snapshotComplete === true };
}

function withoutWebhook(state: JsonObject | undefined): JsonObject {
  const { webhook: _ignored, ...rest } = state ?? {};
  return rest;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function redactUrl(location: string | undefined): string {
  if (!location) return 'the event store';
  return location.replace(/\/\/[^@/]*@/, '//***@');
}
