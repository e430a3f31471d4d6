import type { Simulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../coding/client.js';
import type { Item } from '../coding/paging.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import { discover } from '../engine/discover.js';
import { read } from '../engine/read.js';
import type { JsonObject } from '../json.js';
import type { AirbyteStream, SyncMode } from '../protocol/messages.js';
import { STREAMS } from '../streams/index.js';
import type { EventStore } from '../webhooks/store/event-store.js';
import { testRunContext } from './run-context.js';

export interface SyncRun {
  /** Records per stream, in emission order. */
  records: Map<string, Item[]>;
  /** The last state of each stream, as the platform passes it to the next sync. */
  states: Map<string, JsonObject>;
  /** Every STATE, in order, with the records counted before it. */
  checkpoints: Array<{ stream: string; state: JsonObject; count: number }>;
  logs: Array<{ level: string; text: string }>;
  failed: string[];
  /** Messages of the TRACE errors. */
  errors: string[];
  /** Requests per action during this sync. */
  requests: Record<string, number>;
}

/** A client of the simulator for in-process engine runs: fast limiter, short backoffs. */
export function simulatorClient(sim: Simulator): CodingClient {
  return new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetries: 3 } });
}

/** The catalog discover gives for the simulator, in-process. */
export async function discoverInProcess(sim: Simulator, config: Record<string, unknown> = {}): Promise<AirbyteStream[]> {
  const ctx = testRunContext(simulatorClient(sim), { team_name: sim.team, api_url: sim.apiUrl, ...config });
  return discover(STREAMS, ctx.settings, () => ctx);
}

/**
 * One `read` of the given streams against the simulator, in-process (no child process, no protocol
 * writer): what the engine emitted, per stream, and the requests it made. A stream given with a schema
 * is configured with it, as the platform configures a discovered catalog; else its schema is empty.
 */
export async function syncInProcess(
  sim: Simulator,
  streams: Record<string, SyncMode | { syncMode: SyncMode; jsonSchema: JsonObject }>,
  state: Map<string, JsonObject> = new Map(),
  config: Record<string, unknown> = {},
  /** For webhook mode: the event log a sync reads. */
  eventStore?: () => Promise<EventStore>,
): Promise<SyncRun> {
  const ctx = testRunContext(simulatorClient(sim), { team_name: sim.team, api_url: sim.apiUrl, ...config });
  if (eventStore) ctx.eventStore = eventStore;
  const run: SyncRun = { records: new Map(), states: new Map(), checkpoints: [], logs: ctx.logs, failed: [], errors: [], requests: {} };
  ctx.emitRecords = async (stream, list) => void run.records.set(stream, [...(run.records.get(stream) ?? []), ...list]);
  ctx.emit = async (message) => {
    if (message.type === 'TRACE' && message.trace.type === 'ERROR') run.errors.push(message.trace.error.message);
    if (message.type !== 'STATE' || !message.state.stream) return;
    const name = message.state.stream.stream_descriptor.name;
    const streamState = message.state.stream.stream_state ?? {};
    run.states.set(name, streamState);
    run.checkpoints.push({ stream: name, state: streamState, count: message.state.sourceStats?.recordCount ?? 0 });
  };
  sim.stats.reset();
  const selected = Object.entries(streams).map(([name, how]) => ({ name, cursorField: undefined, ...(typeof how === 'string' ? { syncMode: how } : how) }));
  const outcome = await read(ctx, STREAMS, selected, state);
  run.failed = outcome.failed;
  run.requests = sim.stats.byAction;
  return run;
}
