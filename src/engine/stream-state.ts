import { ConfigError } from '../errors.js';
import { isObject, shownValue, type JsonObject } from '../json.js';
import type { Stream } from './declaration.js';
import { CodeSet } from './sweep/code-set.js';

/**
 * How far a partition has been read: every item whose cursor value is below `value` was emitted, and
 * so were the items at or above `value` whose id is in `ids` (for listings read oldest first, those
 * all sit at exactly `value`; a newest-first listing also keeps the items above an unfinished one).
 */
export interface Position {
  value: number;
  ids: Array<number | string>;
  /** The parent's `unchangedWhile` field when the partition was last read through (a depot's LastPushAt). */
  mark?: number;
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

/**
 * What the deletion sweep (polling mode) knows of a partition: every code emitted and not since
 * reported deleted, and every code the last sweep listed.
 */
export interface SweepEntry {
  /** When the set was last checked against a full listing (epoch ms): its last sweep, or the start of the first full read; 0 = never, a sweep is due. */
  at: number;
  codes: CodeSet;
}

/** Names under which positions are written, so that a person reading a state file understands it. */
export interface PositionLayout {
  /** Key of the map of partition → position: "projects", or the parent stream's name ("depots"). */
  partitions: string;
  /** Key of the cursor value inside a position: the cursor field ("UpdatedAt"). */
  value: string;
  /** Key of the ids at that value: the id field, plural ("Codes"). */
  ids: string;
  /** Key of the parent's mark, named after the parent's field ("LastPushAt"), for streams that keep one. */
  mark?: string;
  /** Child streams: key of a position's `since` ("ChildrenSince"). */
  since?: string;
}

/** Cursor values are epoch milliseconds: beyond what a Date can hold, a value can only be a mistake. */
const MAX_CURSOR = 8_640_000_000_000_000;

/**
 * The stream_state of one stream, and the only code that knows its layout:
 *   {"projects": {"platform": {"UpdatedAt": 1718000000000, "Codes": [41, 42]}},
 *    "sweep": {"platform": {"at": 1718000000000, "count": 9000, "codes": "AYcnAJ4f"}},
 *    "webhook": {"store": "…", "offset": "17", "snapshotComplete": true}}
 * or, for a stream read per depot that keeps the depot's mark:
 *   {"depots": {"platform/5300001": {"CommitDate": 1718000000000, "Shas": ["9f…"], "LastPushAt": 1718000000000}}}
 * "sweep" is written only by connections that sweep for deletions (see sweep/code-set.ts for "codes").
 * A top-level {"UpdatedAt": ms} is also accepted (hand-written or abnormal states) as the position of
 * every partition that has none of its own. Keys nobody owns are dropped: every reader of the stream
 * writes its part through this class, so nothing else can be lost.
 */
export class StreamState {
  private readonly positions = new Map<string, Position>();
  private fallback: Position | undefined;
  private readonly sweeps = new Map<string, SweepEntry>();
  webhook: WebhookPosition | undefined;

  private constructor(
    private readonly streamName: string,
    readonly layout: PositionLayout,
  ) {}

  /** The layout of a cursor stream's own positions; a child stream's are on its parent's listing. */
  static layoutOf(stream: Stream): PositionLayout {
    if (stream.children) return { ...StreamState.layoutOf(stream.children.of), since: 'ChildrenSince' };
    const partitions = stream.partitions === 'project' ? 'projects' : stream.partitions === 'team' ? 'team' : stream.partitions.per.name;
    const mark = stream.cursor?.unchangedWhile;
    return { partitions, value: stream.cursor?.field ?? 'UpdatedAt', ids: `${stream.idField}s`, ...(mark ? { mark } : {}) };
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
        if (!isObject(value)) throw state.malformed(`the position of ${shownValue(name)} must be an object`);
        state.positions.set(name, state.parsePosition(value, `the position of ${shownValue(name)}`));
      }
    }
    if (input.sweep !== undefined) state.parseSweeps(input.sweep);
    state.webhook = parseWebhook(input.webhook);
    return state;
  }

  position(partition: string): Position | undefined {
    return this.positions.get(partition) ?? this.fallback;
  }

  /**
   * Where a partition's read starts: its saved position, unless that lies before `floor` (start_date
   * moved later), then the floor itself. Only the value and ids: marks and `since` stay in the state.
   */
  startAt(partition: string, floor: number): Position {
    const saved = this.position(partition);
    return saved && saved.value >= floor ? { value: saved.value, ids: saved.ids } : { value: floor, ids: [] };
  }

  setPosition(partition: string, position: Position): void {
    this.positions.set(partition, { value: position.value, ids: [...position.ids], ...(position.mark === undefined ? {} : { mark: position.mark }), ...(position.since === undefined ? {} : { since: position.since }) });
  }

  /** Forgets polling positions and what the sweep knew (a webhook-mode snapshot that starts over). */
  clearPositions(): void {
    this.positions.clear();
    this.fallback = undefined;
    this.sweeps.clear();
  }

  sweep(partition: string): SweepEntry | undefined {
    return this.sweeps.get(partition);
  }

  /** Keeps the entry as given: callers hand over a set they no longer change. */
  setSweep(partition: string, entry: SweepEntry): void {
    this.sweeps.set(partition, entry);
  }

  /** Drops the sweep entries of partitions not listed (projects removed from the configuration). */
  keepSweepsOf(partitions: Iterable<string>): void {
    const kept = new Set(partitions);
    for (const name of [...this.sweeps.keys()]) if (!kept.has(name)) this.sweeps.delete(name);
  }

  /** Forgets every sweep entry (a connection that stopped sweeping writes today's layout). */
  clearSweeps(): void {
    this.sweeps.clear();
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
        const entry: JsonObject = { [this.layout.value]: position.value, [this.layout.ids]: position.ids };
        if (this.layout.mark && position.mark !== undefined) entry[this.layout.mark] = position.mark;
        if (this.layout.since && position.since !== undefined) entry[this.layout.since] = position.since;
        map[name] = entry;
      }
      state[this.layout.partitions] = map;
    }
    if (this.sweeps.size > 0) {
      const map: JsonObject = {};
      for (const [name, entry] of [...this.sweeps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) map[name] = { at: entry.at, count: entry.codes.size, codes: entry.codes.encode() };
      state.sweep = map;
    }
    if (this.webhook) state.webhook = { ...this.webhook };
    return state;
  }

  private parseSweeps(value: unknown): void {
    if (!isObject(value)) throw this.malformed('"sweep" must be an object of partition name → {at, count, codes}');
    for (const [name, entry] of Object.entries(value)) {
      const where = `the sweep entry of "${name}"`;
      if (!isObject(entry)) throw this.malformed(`${where} must be an object`);
      const { at, count, codes } = entry;
      if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at > MAX_CURSOR) throw this.malformed(`${where} needs "at", a time in epoch milliseconds`);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw this.malformed(`${where} needs "count", the number of codes`);
      if (typeof codes !== 'string') throw this.malformed(`${where} needs "codes", the codes in their compact text form`);
      let set: CodeSet;
      try {
        set = CodeSet.decode(codes);
      } catch (error) {
        throw this.malformed(`${where} has unreadable "codes" (${error instanceof Error ? error.message : String(error)}); remove the "sweep" entry to have the next sync list the project's codes again`);
      }
      if (set.size !== count) throw this.malformed(`${where} holds ${set.size} codes where "count" says ${count}; remove the "sweep" entry to have the next sync list the project's codes again`);
      this.sweeps.set(name, { at, codes: set });
    }
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
    const mark = this.layout.mark === undefined ? undefined : value[this.layout.mark];
    if (mark !== undefined && (typeof mark !== 'number' || !Number.isFinite(mark))) throw this.malformed(`${where}: "${this.layout.mark}" must be a number`);
    const since = this.layout.since === undefined ? undefined : value[this.layout.since];
    if (since !== undefined && (typeof since !== 'number' || !Number.isInteger(since) || since < 0 || since > MAX_CURSOR)) {
      const shown = typeof since === 'number' ? String(since) : `a value of type ${since === null ? 'null' : typeof since}`;
      throw this.malformed(`${where} has "${this.layout.since}" ${shown}, which is no point in time (epoch milliseconds)`);
    }
    return { value: cursor, ids: ids as Array<number | string>, ...(mark === undefined ? {} : { mark }), ...(since === undefined ? {} : { since }) };
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
