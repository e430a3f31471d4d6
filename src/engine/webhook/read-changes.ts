import type { StoredEvent } from '../../webhooks/store/event-store.js';
import type { RunContext } from '../context.js';
import type { Stream, WebhookBinding } from '../declaration.js';
import { readChildren } from '../readers/children.js';
import { fullRefresh } from '../readers/full-refresh.js';
import { incrementalByCursor } from '../readers/incremental.js';
import type { ReadStep } from '../readers/read-step.js';
import type { StreamState } from '../stream-state.js';
import { coalesce } from './changes.js';
import { materialize } from './read-back.js';
import { materializeChildren } from './read-back-children.js';

/** Events replayed, coalesced and emitted per checkpoint. */
const CHUNK = 1000;

/**
 * Webhook mode. The receiver appends Coding's Service Hook deliveries to an event log; each sync replays
 * the log after the offset its state holds and turns the changes into records: the current object for
 * creates and updates, a tombstone (key + `_ab_cdc_deleted_at`) for deletes.
 *
 * The first sync takes a full snapshot by polling, after noting the log's head: changes that arrive
 * during the snapshot are replayed after it (at least once, never a gap). If the state's offset belongs
 * to another log, or retention already dropped events after it, the sync says so and snapshots again.
 *
 * Returns undefined when Service Hooks do not report on the stream (it is then read by polling).
 */
export function webhookReader(ctx: RunContext, stream: Stream, state: StreamState): AsyncIterable<ReadStep> | undefined {
  const binding = stream.webhook;
  const openStore = ctx.eventStore;
  if (!binding || !openStore) return undefined;
  return (async function* () {
    const store = await openStore();
    const storeId = await store.id();
    const saved = state.webhook;
    let replayFrom: string | null | undefined;
    let resuming = false;
    if (saved && saved.store !== storeId) {
      await ctx.log('WARN', `${stream.name}: the state refers to another event log than ${redactUrl(ctx.settings.webhook.store)} (it was recreated, or webhook_store changed); reading a full snapshot so that nothing is missed.`);
    } else if (saved && !(await store.covers(saved.offset))) {
      await ctx.log('WARN', `${stream.name}: events after the last sync are no longer in the event log (dropped by its retention, webhook_retention_hours, or the log was damaged); reading a full snapshot so that nothing is missed.`);
    } else if (saved?.snapshotComplete) {
      replayFrom = saved.offset;
    } else if (saved) {
      resuming = true;
    }

    if (replayFrom === undefined) {
      // The head is read before the first page: whatever changes while the snapshot runs is replayed after.
      const head = resuming && saved ? saved.offset : await store.head();
      state.webhook = { store: storeId, offset: head, snapshotComplete: false };
      if (!resuming) state.clearPositions();
      const snapshot = stream.children ? readChildren(ctx, stream, state) : stream.cursor ? incrementalByCursor(ctx, stream, state) : fullRefresh(ctx, stream);
      // The snapshot's own steps carry positions (cursor streams) or nothing to resume (full refresh).
      for await (const step of snapshot) yield { ...step, state: state.toJSON() };
      replayFrom = head;
    }
    state.clearPositions();
    yield* replay(ctx, stream, binding, store.read(replayFrom), storeId, replayFrom, state);
  })();
}

async function* replay(ctx: RunContext, stream: Stream, binding: WebhookBinding, events: AsyncIterable<StoredEvent>, storeId: string, from: string | null, state: StreamState): AsyncGenerator<ReadStep> {
  const projects = new Map((await ctx.partitions.projects(ctx)).map((p) => [p.name, p]));
  const names = new Set(projects.keys());
  let offset = from;
  let chunk: StoredEvent[] = [];
  let steps = 0;
  const flush = async (): Promise<ReadStep> => {
    const changes = coalesce(binding, chunk, names);
    offset = chunk[chunk.length - 1]?.offset ?? offset;
    chunk = [];
    const records = stream.children ? await materializeChildren(ctx, stream, projects, changes) : await materialize(ctx, stream, binding, projects, changes);
    state.webhook = { store: storeId, offset, snapshotComplete: true };
    steps += 1;
    return { records, state: state.toJSON() };
  };
  for await (const event of events) {
    chunk.push(event);
    if (chunk.length >= CHUNK) yield await flush();
  }
  if (chunk.length > 0 || steps === 0) yield await flush();
}

function redactUrl(location: string | undefined): string {
  if (!location) return 'the event store';
  return location.replace(/\/\/[^@/]*@/, '//***@');
}
