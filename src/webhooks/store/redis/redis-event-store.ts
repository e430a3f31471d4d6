import { randomUUID } from 'node:crypto';
import { createClient, ErrorReply, TimeoutError } from 'redis';
import { ConfigError, SystemError, type ConnectorError } from '../../../errors.js';
import { silentLog, type WebhookLog } from '../../log.js';
import type { AppendResult, EventStore, IncomingEvent, RetainedSize, RetentionOptions, StoredEvent } from '../event-store.js';
import { EventStoreUnavailableError, invalidOffset } from '../store-errors.js';
import { APPEND_SCRIPT, APPEND_SCRIPT_SHA1 } from './append-script.js';
import { parseRedisLocation, type RedisLocation } from './redis-location.js';

export interface RedisEventStoreOptions {
  retention: RetentionOptions;
  /**
   * Ignored: an append resolves when Redis acknowledged it, and how durable that is depends on the
   * server's persistence (use `appendonly yes` with `appendfsync always` for no loss on power failure).
   */
  fsync?: boolean;
  log?: WebhookLog;
  /** Per command (default 5 s): a receiver must answer Coding within 5 s, and a paused Redis must not hold it. */
  commandTimeoutMs?: number;
  /** Per connection attempt (default 3 s). */
  connectTimeoutMs?: number;
  /** Entries fetched per XRANGE while reading (default 200): bounds the memory of a read. */
  readPageSize?: number;
}

type Client = ReturnType<typeof newClient>;
type Reply = Awaited<ReturnType<Client['sendCommand']>>;

/**
 * Commands waiting to be written or answered, and their bytes; beyond either, commands fail as
 * unavailable at once. A command that timed out stays queued until Redis answers or the connection
 * drops: without these bounds, a hung Redis would make the receiver keep every body it was sent.
 */
const COMMAND_QUEUE_LIMIT = 10_000;
const UNANSWERED_BYTES_LIMIT = 64 * 1024 * 1024;

/** Connection attempts at startup before giving up: a misconfigured URL fails fast. */
const STARTUP_ATTEMPTS = 3;

export async function openRedisEventStore(url: string, options: RedisEventStoreOptions): Promise<EventStore> {
  const location = parseRedisLocation(url);
  const log = options.log ?? silentLog;
  let connected = false;
  let reportedDown = false;
  const client = newClient(location, options.connectTimeoutMs ?? 3000, () => connected);
  client.on('error', (error: unknown) => {
    if (connected && !reportedDown) {
      reportedDown = true;
      log('WARN', `lost the connection to Redis at ${location.describe} (${scrub(describeError(error), location)}); reconnecting.`);
    }
  });
  client.on('ready', () => {
    if (reportedDown) log('INFO', `reconnected to Redis at ${location.describe}.`);
    reportedDown = false;
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    client.destroy();
    throw translate(error, location);
  }
  const store = new RedisEventStore(client, location, options);
  try {
    await store.checkServer();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function newClient(location: RedisLocation, connectTimeout: number, everConnected: () => boolean) {
  return createClient({
    url: location.clientUrl,
    // Fail commands at once while disconnected (the receiver answers 503) instead of queueing them.
    disableOfflineQueue: true,
    // Commands a hung server does not answer stay queued (with their bodies) until it does: bound them.
    commandsQueueMaxLength: COMMAND_QUEUE_LIMIT,
    socket: {
      connectTimeout,
      reconnectStrategy: (retries: number, cause: Error) => {
        // Refused credentials do not get better by retrying.
        if (cause instanceof ErrorReply) return cause;
        if (!everConnected() && retries >= STARTUP_ATTEMPTS - 1) return cause;
        return Math.min(100 * 2 ** retries, 2000);
      },
    },
  });
}

class RedisEventStore implements EventStore {
  readonly kind = 'redis' as const;
  readonly #client: Client;
  readonly #location: RedisLocation;
  readonly #options: RedisEventStoreOptions;
  readonly #keys: { stream: string; storeId: string; counter: string; head: string; delivery: string; probe: string };
  #closed = false;
  #unansweredBytes = 0;

  constructor(client: Client, location: RedisLocation, options: RedisEventStoreOptions) {
    this.#client = client;
    this.#location = location;
    this.#options = options;
    const p = location.prefix;
    this.#keys = { stream: `${p}:events`, storeId: `${p}:store-id`, counter: `${p}:counter`, head: `${p}:head`, delivery: `${p}:delivery:`, probe: `${p}:probe` };
  }

  /** XADD MINID and exclusive XRANGE starts need Redis 6.2. */
  async checkServer(): Promise<void> {
    let info: Reply;
    try {
      info = await this.#command(['INFO', 'server']);
    } catch (error) {
      // Managed services may rename INFO; the first XADD will tell if the server is too old.
      if (error instanceof ConfigError || error instanceof SystemError) return;
      throw error;
    }
    const version = /redis_version:(\d+)\.(\d+)/.exec(String(info));
    if (version !== null && Number(version[1]) * 100 + Number(version[2]) < 602) {
      throw new ConfigError(`Redis at ${this.#location.describe} is version ${version[1]}.${version[2]}; the event store needs Redis 6.2 or newer.`);
    }
  }

  async id(): Promise<string> {
    await this.#command(['SET', this.#keys.storeId, randomUUID(), 'NX']);
    const id = await this.#command(['GET', this.#keys.storeId]);
    if (typeof id !== 'string') throw new SystemError(`Redis at ${this.#location.describe} returned no store id`);
    return id;
  }

  async append(event: IncomingEvent): Promise<AppendResult> {
    const keys = [this.#keys.stream, this.#keys.delivery + event.deliveryId, this.#keys.counter, this.#keys.head];
    const args = [event.deliveryId, event.event, event.projectName, String(event.receivedAt), event.body, String(this.#options.retention.maxAgeMs)];
    let reply: Reply;
    try {
      reply = await this.#command(['EVALSHA', APPEND_SCRIPT_SHA1, String(keys.length), ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof SystemError && /NOSCRIPT/.test(error.internalMessage ?? ''))) throw error;
      reply = await this.#command(['EVAL', APPEND_SCRIPT, String(keys.length), ...keys, ...args]);
    }
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new SystemError(`unexpected reply to the append script: ${JSON.stringify(reply)}`);
    return { offset: reply[0], duplicate: Number(reply[1]) === 1 };
  }

  async head(): Promise<string | null> {
    const head = await this.#command(['GET', this.#keys.head]);
    return typeof head === 'string' ? head : null;
  }

  async covers(offset: string | null): Promise<boolean> {
    const after = offset === null ? 0 : parseOffset(offset).n;
    const counter = Number((await this.#command(['GET', this.#keys.counter])) ?? 0);
    if (after > counter) return false;
    const first = parseEntries(await this.#command(['XRANGE', this.#keys.stream, '-', '+', 'COUNT', '1']))[0];
    // An empty stream after `counter` events means every one of them was dropped.
    const firstRetained = first === undefined ? counter + 1 : Number(first.fields.get('n'));
    return after + 1 >= firstRetained;
  }

  async *read(after: string | null): AsyncIterable<StoredEvent> {
    let start = after === null ? '-' : `(${parseOffset(after).streamId}`;
    const pageSize = this.#options.readPageSize ?? 200;
    for (;;) {
      const entries = parseEntries(await this.#command(['XRANGE', this.#keys.stream, start, '+', 'COUNT', String(pageSize)]));
      for (const entry of entries) yield toStoredEvent(entry);
      const last = entries.at(-1);
      if (last === undefined || entries.length < pageSize) return;
      start = `(${last.id}`;
    }
  }

  async applyRetention(): Promise<void> {
    const { maxAgeMs, maxBytes } = this.#options.retention;
    const time = await this.#command(['TIME']);
    const nowMs = Array.isArray(time) ? Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000) : Date.now();
    await this.#command(['XTRIM', this.#keys.stream, 'MINID', '=', String(Math.max(0, nowMs - maxAgeMs))]);
    // Redis cannot trim by bytes: estimate the bytes per entry and trim to the count that fits.
    const usage = Number((await this.#command(['MEMORY', 'USAGE', this.#keys.stream])) ?? 0);
    if (usage <= maxBytes) return;
    const length = Number(await this.#command(['XLEN', this.#keys.stream]));
    // Like the file store, the newest event always stays: it is what `head` and `covers` speak of.
    const keep = Math.max(1, Math.floor((length * maxBytes) / usage));
    await this.#command(['XTRIM', this.#keys.stream, 'MAXLEN', '=', String(keep)]);
  }

  async probe(): Promise<void> {
    // A write, not a PING: a replica, a full maxmemory or a paused server answer PING but refuse or hold writes.
    await this.#command(['SET', this.#keys.probe, String(Date.now()), 'PX', '60000']);
  }

  async retained(): Promise<RetainedSize> {
    const events = Number(await this.#command(['XLEN', this.#keys.stream]));
    const bytes = Number((await this.#command(['MEMORY', 'USAGE', this.#keys.stream])) ?? 0);
    return { events, bytes };
  }

  fatalError(): Error | null {
    return null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#client.close();
    } catch {
      this.#client.destroy();
    }
  }

  async #command(args: string[]): Promise<Reply> {
    if (this.#closed) throw new EventStoreUnavailableError(`the Redis event store at ${this.#location.describe} is closed`);
    const timeout = this.#options.commandTimeoutMs ?? 5000;
    const bytes = args.reduce((sum, arg) => sum + Buffer.byteLength(arg), 0);
    if (this.#unansweredBytes > 0 && this.#unansweredBytes + bytes > UNANSWERED_BYTES_LIMIT) {
      throw new EventStoreUnavailableError(`Redis at ${this.#location.describe} is not answering: ${this.#unansweredBytes} bytes of commands are waiting for it`);
    }
    this.#unansweredBytes += bytes;
    // node-redis's own timeout stops once a command is written: a paused or hung server that took the
    // command would hold it forever. Our timer covers the wait for the reply too; a reply that comes
    // after it is dropped (an append that lands anyway is a duplicate of Coding's resend).
    const sent = this.#client.sendCommand(args, { timeout });
    sent.then(
      () => (this.#unansweredBytes -= bytes),
      () => (this.#unansweredBytes -= bytes),
    );
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EventStoreUnavailableError(`Redis at ${this.#location.describe} did not answer within ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([sent, unanswered]);
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      if (error instanceof TimeoutError) throw new EventStoreUnavailableError(`Redis at ${this.#location.describe} did not answer within ${timeout} ms`);
      throw translate(error, this.#location);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Entry {
  id: string;
  fields: Map<string, string>;
}

function parseEntries(reply: Reply): Entry[] {
  if (!Array.isArray(reply)) throw new SystemError(`unexpected XRANGE reply: ${JSON.stringify(reply)}`);
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) {
      throw new SystemError(`unexpected stream entry: ${JSON.stringify(item)}`);
    }
    const flat: unknown[] = item[1];
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), String(flat[i + 1]));
    return { id: item[0], fields };
  });
}

function toStoredEvent(entry: Entry): StoredEvent {
  const field = (name: string): string => {
    const value = entry.fields.get(name);
    if (value === undefined) throw new SystemError(`stream entry ${entry.id} has no "${name}" field; was it written by another program?`);
    return value;
  };
  return {
    offset: `${field('n')}:${entry.id}`,
    deliveryId: field('d'),
    event: field('e'),
    projectName: field('p'),
    receivedAt: Number(field('t')),
    body: field('b'),
  };
}

/** Offsets are `<event number>:<stream id>`, e.g. `42:1714492800000-0`. */
function parseOffset(offset: string): { n: number; streamId: string } {
  const match = /^(\d{1,15}):(\d{1,20}-\d{1,20})$/.exec(offset);
  if (match?.[1] === undefined || match[2] === undefined) throw invalidOffset(offset, 'Redis');
  return { n: Number(match[1]), streamId: match[2] };
}

function translate(thrown: unknown, location: RedisLocation): ConnectorError {
  // node-redis wraps what made it give up reconnecting.
  const error = thrown instanceof Error && 'originalError' in thrown && thrown.originalError instanceof Error ? thrown.originalError : thrown;
  const message = scrub(describeError(error), location);
  if (error instanceof ErrorReply) {
    if (/^(NOAUTH|WRONGPASS|NOPERM)/.test(message)) {
      return new ConfigError(`Redis at ${location.describe} refused the credentials of the store URL: ${message}`);
    }
    if (/^WRONGTYPE/.test(message)) {
      return new ConfigError(`a key under the prefix "${location.prefix}" at ${location.describe} is not what the event store expects; choose another ?prefix=: ${message}`);
    }
    if (/^(OOM|READONLY|LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)/.test(message)) {
      return new EventStoreUnavailableError(`Redis at ${location.describe} cannot take writes now: ${message}`);
    }
    return new SystemError(`Redis at ${location.describe} rejected a command: ${message}`, { internalMessage: message });
  }
  return new EventStoreUnavailableError(`Redis at ${location.describe} is unavailable: ${message}`);
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describeError).join('; ');
  if (error instanceof Error) return error.message || error.constructor.name;
  return String(error);
}

function scrub(message: string, location: RedisLocation): string {
  return location.password === null ? message : message.split(location.password).join('***');
}
