import type { StoredEvent } from '../../webhooks/store/event-store.js';
import type { RunContext } from '../context.js';
import type { ObjectEvents, PartitionEvents, Stream } from '../declaration.js';
import { readChildren } from '../readers/children.js';
import { fullRefresh } from '../readers/full-refresh.js';
import { readByCursor } from '../readers/by-cursor.js';
import type { ReadStep } from '../readers/read-step.js';
import type { StreamState } from '../stream-state.js';
import { changedPartitions } from './changed-partitions.js';
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
 * Streams whose events only say where something changed (PartitionEvents) keep their polling
 * positions instead: the snapshot is an incremental read from them, and the replay reads incrementally
 * the partitions the events name.
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
      // Positions stay valid whatever the log: a stream that reads changed partitions starts from them.
      if (!resuming && binding.reads !== 'partitions') state.clearPositions();
      const snapshot = stream.children ? readChildren(ctx, stream, state) : stream.cursor ? readByCursor(ctx, stream, state) : fullRefresh(ctx, stream);
      // The snapshot's own steps carry positions (cursor streams) or nothing to resume (full refresh).
      for await (const step of snapshot) yield { ...step, state: state.toJSON() };
      replayFrom = head;
    }
    if (binding.reads === 'partitions') {
      yield* replayPartitions(ctx, stream, binding, store.read(replayFrom), storeId, replayFrom, state);
      return;
    }
    state.clearPositions();
    yield* replay(ctx, stream, binding, store.read(replayFrom), storeId, replayFrom, state);
  })();
}

async function* replay(ctx: RunContext, stream: Stream, binding: ObjectEvents, events: AsyncIterable<StoredEvent>, storeId: string, from: string | null, state: StreamState): AsyncGenerator<ReadStep> {
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

/**
 * Streams whose events only say where something changed: per chunk of events, the partitions they
 * name are read incrementally from their positions (the others cost nothing); the log's offset moves
 * once they were read.
 */
async function* replayPartitions(ctx: RunContext, stream: Stream, binding: PartitionEvents, events: AsyncIterable<StoredEvent>, storeId: string, from: string | null, state: StreamState): AsyncGenerator<ReadStep> {
  const names = new Set((await ctx.partitions.projects(ctx)).map((p) => p.name));
  let offset = from;
  let chunk: StoredEvent[] = [];
  let steps = 0;
  const flush = async function* (): AsyncGenerator<ReadStep> {
    const select = changedPartitions(binding, chunk, names);
    const next = chunk[chunk.length - 1]?.offset ?? offset;
    chunk = [];
    // The offset in these steps' state is still the one before the chunk: a sync cut short reads the chunk again.
    if (select) yield* readByCursor(ctx, stream, state, select);
    offset = next;
    state.webhook = { store: storeId, offset, snapshotComplete: true };
    steps += 1;
    yield { records: [], state: state.toJSON() };
  };
  for await (const event of events) {
    chunk.push(event);
    if (chunk.length >= CHUNK) yield* flush();
  }
  if (chunk.length > 0 || steps === 0) yield* flush();
}

function redactUrl(location: string | undefined): string {
  if (!location) return 'the event store';
  return location.replace(/\/\/[^@/]*@/, '//***@');
}
