import { ConfigError } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import type { Stream } from './declaration.js';

/**
 * How far a partition has been read: every item whose cursor value is below `value` was emitted, and
 * so were the items at exactly `value` whose id is in `ids`.
 */
export interface Position {
  value: number;
  ids: Array<number | string>;
  /**
   * Child streams, while a scan of the parent is under way: the change time from which the children
   * of the parents not reached yet are emitted (0 on a first sync: all of them). Absent once the scan
   * reached the end; the next scan then emits children changed at or after `value`.
   */
  since?: number;
}

/** Where a webhook-mode reader stands in the event log. */
export interface WebhookPosition {
  /** Identity of the event log the offset belongs to. */
  store: string;
  offset: string | null;
  /** False while the first full snapshot is still being read. */
  snapshotComplete: boolean;
}

/** Names under which positions are written, so that a person reading a state file understands it. */
export interface PositionLayout {
  /** Key of the map of partition → position: "projects", or the parent stream's name ("depots"). */
  partitions: string;
  /** Key of the cursor value inside a position: the cursor field ("UpdatedAt"). */
  value: string;
  /** Key of the ids at that value: the id field, plural ("Codes"). */
  ids: string;
  /** Child streams: key of a position's `since` ("ChildrenSince"). */
  since?: string;
}

/** Cursor values are epoch milliseconds: beyond what a Date can hold, a value can only be a mistake. */
const MAX_CURSOR = 8_640_000_000_000_000;

/**
 * The stream_state of one stream, and the only code that knows its layout:
 *   {"projects": {"platform": {"UpdatedAt": 1718000000000, "Codes": [41, 42]}},
 *    "webhook": {"store": "…", "offset": "17", "snapshotComplete": true}}
 * A top-level {"UpdatedAt": ms} is also accepted (hand-written or abnormal states) as the position of
 * every partition that has none of its own. Keys nobody owns are dropped: every reader of the stream
 * writes its part through this class, so nothing else can be lost.
 */
export class StreamState {
  private readonly positions = new Map<string, Position>();
  private fallback: Position | undefined;
  webhook: WebhookPosition | undefined;

  private constructor(
    private readonly streamName: string,
    readonly layout: PositionLayout,
  ) {}

  /** The layout of a cursor stream's own positions; a child stream's are on its parent's listing. */
  static layoutOf(stream: Stream): PositionLayout {
    if (stream.children) return { ...StreamState.layoutOf(stream.children.of), since: 'ChildrenSince' };
    const partitions = stream.partitions === 'project' ? 'projects' : stream.partitions === 'team' ? 'team' : stream.partitions.per.name;
    return { partitions, value: stream.cursor?.field ?? 'UpdatedAt', ids: `${stream.idField}s` };
  }

  static empty(stream: Stream, layout = StreamState.layoutOf(stream)): StreamState {
    return new StreamState(stream.name, layout);
  }

  /** Reads a stream_state as the platform handed it back; anything malformed is a config error naming the stream. */
  static parse(stream: Stream, input: JsonObject | undefined, layout = StreamState.layoutOf(stream)): StreamState {
    const state = new StreamState(stream.name, layout);
    if (!input) return state;
    if (input[layout.value] !== undefined) state.fallback = state.parsePosition(input, 'the stream state');
    const map = input[layout.partitions];
    if (map !== undefined) {
      if (!isObject(map)) throw state.malformed(`"${layout.partitions}" must be an object of partition name → position`);
      for (const [name, value] of Object.entries(map)) {
        if (!isObject(value)) throw state.malformed(`the position of "${name}" must be an object`);
        state.positions.set(name, state.parsePosition(value, `the position of "${name}"`));
      }
    }
    state.webhook = parseWebhook(input.webhook);
    return state;
  }

  position(partition: string): Position | undefined {
    return this.positions.get(partition) ?? this.fallback;
  }

  setPosition(partition: string, position: Position): void {
    this.positions.set(partition, { value: position.value, ids: [...position.ids], ...(position.since === undefined ? {} : { since: position.since }) });
  }

  /** Forgets polling positions (a webhook-mode snapshot that starts over). */
  clearPositions(): void {
    this.positions.clear();
    this.fallback = undefined;
  }

  hasPositions(): boolean {
    return this.positions.size > 0 || this.fallback !== undefined;
  }

  toJSON(): JsonObject {
    const state: JsonObject = {};
    if (this.positions.size > 0 || this.webhook === undefined) {
      const map: JsonObject = {};
      // In name order: partitions read side by side finish in any order, and the state must not show it.
      for (const [name, position] of [...this.positions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const since = this.layout.since !== undefined && position.since !== undefined ? { [this.layout.since]: position.since } : {};
        map[name] = { [this.layout.value]: position.value, [this.layout.ids]: position.ids, ...since };
      }
      state[this.layout.partitions] = map;
    }
    if (this.webhook) state.webhook = { ...this.webhook };
    return state;
  }

  private parsePosition(value: JsonObject, where: string): Position {
    const cursor = value[this.layout.value];
    const ids = value[this.layout.ids] ?? [];
    if (typeof cursor !== 'number' || !Number.isFinite(cursor)) throw this.malformed(`${where} needs a numeric "${this.layout.value}" (epoch milliseconds)`);
    if (cursor < 0 || cursor > MAX_CURSOR || !Number.isInteger(cursor)) {
      throw this.malformed(`${where} has "${this.layout.value}" ${cursor}, which is no point in time (epoch milliseconds between 0 and ${MAX_CURSOR}); remove the state of this stream (reset it) to read from the start`);
    }
    if (!Array.isArray(ids) || !ids.every((id) => (typeof id === 'number' && Number.isFinite(id)) || typeof id === 'string')) {
      throw this.malformed(`${where}: "${this.layout.ids}" must be a list of ids`);
    }
    const since = this.layout.since === undefined ? undefined : value[this.layout.since];
    if (since === undefined) return { value: cursor, ids: ids as Array<number | string> };
    if (typeof since !== 'number' || !Number.isInteger(since) || since < 0 || since > MAX_CURSOR) {
      const shown = typeof since === 'number' ? String(since) : `a value of type ${since === null ? 'null' : typeof since}`;
      throw this.malformed(`${where} has "${this.layout.since}" ${shown}, which is no point in time (epoch milliseconds)`);
    }
    return { value: cursor, ids: ids as Array<number | string>, since };
  }

  private malformed(detail: string): ConfigError {
    return new ConfigError(`The state of stream "${this.streamName}" is malformed: ${detail}.`);
  }
}

function parseWebhook(value: unknown): WebhookPosition | undefined {
  if (!isObject(value) || typeof value.store !== 'string') return undefined;
  const offset = value.offset;
  if (offset !== null && typeof offset !== 'string') return undefined;
  return { store: value.store, offset, snapshotComplete: value.snapshotComplete === true };
}
