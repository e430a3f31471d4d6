import type { Item, PagingShape, WholeListShape } from '../coding/paging.js';
import type { Settings } from '../config/resolve-config.js';
import type { JsonObject } from '../json.js';
import type { RunContext } from './context.js';

export interface ProjectRef {
  name: string;
  id: number;
}

/**
 * One slice of a stream: the team, one project of it, or one object below a project (a depot, a CI
 * job, an issue type) whose own listing the stream reads.
 */
export interface Partition {
  teamName: string;
  /** Undefined for team-level streams. */
  project: ProjectRef | undefined;
  /** For streams read per object of another listing: that object, as its listing returned it. */
  parent: Item | undefined;
  /** Unique within the stream: the name its position is kept under in the stream's state. */
  key: string;
}

/** How a stream is split into partitions. */
export type PartitionSource =
  | 'team'
  | 'project'
  /** One partition per item of another stream's listing, in each of that stream's partitions. */
  | { per: Stream; key(item: Item): string; include?(item: Item, settings: Settings): boolean };

/** What to call to list a stream's items in one partition, and how the answer pages. */
export interface ListSpec {
  action: string;
  shape: PagingShape;
  pageSize: number;
  params(partition: Partition): Record<string, unknown>;
}

/**
 * Polling increments. Either Coding sorts the listing by the cursor field, ascending, and filters it
 * from a day on (Coding's date filters have day granularity, in UTC+8): read by cursorScan. Or the
 * listing comes in Coding's own order, newest first (commits, builds): read by newestFirstScan, which
 * can only move a partition's position once it has read the partition through.
 */
export interface CursorSpec<R> {
  field: keyof R & string;
  /**
   * Parameters that list what changed on or after the (UTC+8) day of `fromMs`: sorted oldest first
   * ('ascending'), or only narrowed ('newest-first'; {} when Coding cannot filter).
   */
  since(fromMs: number): Record<string, unknown>;
  /** Cursor values before this are never read (start_date). */
  floor(settings: Settings): number | undefined;
  /** The listing's order: 'ascending' (default) as `since` asks, or 'newest-first' whatever is asked. */
  order?: 'ascending' | 'newest-first';
  /**
   * Newest-first listings: an item that can still change (a running build). It is emitted now and
   * again once final: the partition's position stays at the oldest unfinished item.
   */
  unfinished?(item: Item): boolean;
  /**
   * Newest-first listings read per item of another listing: the field of that item which moves
   * whenever the partition has something new (a depot's LastPushAt). While it has not moved since the
   * partition was last read through, the partition costs no request.
   */
  unchangedWhile?: string;
}

/** Per-item enrichment with a detail call, when the settings ask for it. */
export interface DetailSpec {
  action: string;
  enabled(settings: Settings): boolean;
  params(partition: Partition, item: Item): Record<string, unknown>;
  payloadKey: string;
}

/**
 * Polling mode's deletion sweep. Coding lists no deleted objects, but where ids only grow within a
 * partition the set of ids that exist is cheap to keep (as runs), and an object listed before and no
 * longer listed was deleted.
 */
export interface SweepSpec {
  /** Parameters (beside paging) listing every existing item of a partition in ascending id order, so that items created during the sweep land after it. */
  params(partition: Partition): Record<string, unknown>;
  /** Reads one item by id: a not-found answer says it is gone. */
  readOne(partition: Partition, id: number): { action: string; params: Record<string, unknown> };
}

/**
 * A stream of the children of another stream's items (comments, work logs, status changes of each
 * issue). It is read by following the parent's cursor: each sync lists the parents changed since the
 * child stream's own position on the parent's listing, and fetches the children of those only.
 */
export interface ChildrenSpec<R> {
  /** The stream whose items the children hang off (issues); it need not be selected. Needs a cursor. */
  of: Stream;
  action: string;
  /** Where the children sit in the answer (these actions answer the whole list at once). */
  shape: WholeListShape;
  /** The request for the children of `parents`: one parent, or a batch when `batch` is set. */
  params(partition: Partition, parents: readonly Item[]): Record<string, unknown>;
  /**
   * For actions that take several parents per call: how many at most (when Coding's limit is
   * unstated, a guess that the engine halves on a refusal), and which parent a child belongs to.
   */
  batch?: { size: number; parentOf(child: Item): unknown };
  /** Fields the connector adds to each child from its parent (IssueCode...). Coding's fields win. */
  fromParent(parent: Item, child: Item): Partial<R>;
  /**
   * The child's own change time: the first of these fields holding a number. An incremental sync
   * emits only the children of changed parents that changed at or after the previous position.
   * Without it every child of a changed parent is emitted (the current set).
   */
  changedAt?: ReadonlyArray<keyof R & string>;
  /** The field destinations order versions of a record by (discover's cursor). */
  cursorField: keyof R & string;
}

/**
 * Webhook mode: the Service Hook events that change this stream. The receiver stores what any
 * stream's binding claims, so this is the only list of events the connector knows.
 */
export type WebhookBinding = ObjectEvents | PartitionEvents;

interface EventCodes {
  /** Events whose object is created or changed. */
  upserts: readonly string[];
  /** Events whose object is gone. */
  deletes: readonly string[];
  /**
   * Event codes starting with this are kept too (read back as changes), so that a code Coding adds
   * later in the family is not lost; they are only required to carry the object when listed above.
   */
  family?: string;
}

/** Events that carry the changed object: each change is read back by id, deletes become tombstones. */
export interface ObjectEvents extends EventCodes {
  reads?: 'objects';
  /** Key of the changed object in the hook body: issue, iteration, member... */
  objectKey: string;
  /** Key of the object's id inside it (code, id). */
  idKey: string;
  /**
   * Where the id may sit in the hook body, tried in order, when not only at objectKey.idKey (where a
   * payload puts it is INFERRED for some events). For a child stream the id is its parent's.
   */
  idPaths?: ReadonlyArray<readonly string[]>;
  /** When the hook says the object last changed (epoch ms), to bound the re-read of changed objects. */
  changedAt?(object: Item): number | undefined;
  /**
   * Reads one object back when re-listing did not find it (e.g. its update time moved before the
   * re-read's lower bound). Streams without a single-object action omit it: not being listed then
   * means the object is gone.
   */
  fetchOne?(partition: Partition, id: number): { action: string; params: Record<string, unknown>; payloadKey: string };
}

/**
 * Events that only say where something changed, for cursor streams whose objects Coding does not
 * delete and whose hook bodies are undocumented (merge requests, pushes): each event marks partitions
 * of its project changed, and those are read incrementally from their positions; the others cost no
 * request. An event whose body does not name the partition marks every partition of its project.
 */
export interface PartitionEvents extends EventCodes {
  reads: 'partitions';
  /**
   * For streams read per item of another listing: which of those items (a depot) the body names, as
   * a test of the listed items; undefined when the body names none the stream can recognise.
   */
  parentOf?(body: JsonObject): ((parent: Item) => boolean) | undefined;
}

/**
 * A stream, declared: what to call, where the list is, how it pages, what identifies an item, how it
 * can be read incrementally. The engine does the rest (partitions, paging, cursors, checkpoints,
 * statuses, counts, concurrency), the same way for every stream.
 *
 * `R` is the record type generated from the stream's schema (src/generated/records.ts), so that a
 * field named here which the schema lacks fails to compile.
 */
export interface StreamDeclaration<R> {
  name: string;
  /** File name in schemas/. */
  schemaFile: string;
  description: string;
  partitions: PartitionSource;
  /** How the stream's items are listed; child streams (`children`) have no listing of their own. */
  list?: ListSpec;
  children?: ChildrenSpec<R>;
  /** Field of a Coding item that identifies it within its partition; the record key ends with it. */
  idField: keyof R & string;
  /**
   * When one field does not identify an item within its partition (a status entered by an issue at a
   * time), the fields that do, in order: the record key joins their values with '/'.
   */
  keyFields?: ReadonlyArray<keyof R & string>;
  /** Fields the connector adds to every record of a partition, beside Key, TeamName and ProjectName. */
  extraFields?(partition: Partition): Partial<R>;
  /** Drops listed items the configuration excludes. */
  include?(item: Item, settings: Settings): boolean;
  cursor?: CursorSpec<R>;
  detail?: DetailSpec;
  /** Polling mode: how deletions are found (integer ids, partitions per project or the team). */
  sweep?: SweepSpec;
  webhook?: WebhookBinding;
  /**
   * Shapes records beyond Coding's fields, with what it loads once per read (custom-field definitions,
   * say): applied to every record the stream emits, tombstones included, whichever reader made it.
   * `schema` is the stream's schema in the configured catalog, when it has one.
   */
  prepare?(ctx: RunContext, schema?: JsonObject): Promise<(record: Item) => Item>;
  /** Adds to the schema at discover, from what Coding says (custom fields as typed columns). */
  extendSchema?(ctx: RunContext, schema: JsonObject): Promise<JsonObject>;
}

/** A declaration once checked against its record type; what the engine runs. */
export type Stream = Omit<StreamDeclaration<Record<string, unknown>>, 'idField' | 'keyFields' | 'cursor' | 'extraFields' | 'children'> & {
  idField: string;
  keyFields?: readonly string[];
  cursor?: CursorSpec<Record<string, unknown>>;
  extraFields?(partition: Partition): Record<string, unknown>;
  children?: ChildrenSpec<Record<string, unknown>>;
};

export function defineStream<R>(declaration: StreamDeclaration<R>): Stream {
  if ((declaration.list === undefined) === (declaration.children === undefined)) {
    throw new Error(`stream ${declaration.name} must declare either list or children`);
  }
  return declaration as unknown as Stream;
}

/** The listing of a stream that has one; child streams are read through their parent's. */
export function listOf(stream: Stream): ListSpec {
  if (!stream.list) throw new Error(`stream ${stream.name} has no listing of its own (it is read through ${stream.children?.of.name ?? 'its parent'})`);
  return stream.list;
}
