import type { Settings } from '../config/resolve-config.js';
import type { Condition } from '../coding/conditions.js';
import type { Item, PagingShape } from '../coding/paging.js';

/** One slice of a stream: the team, or one project of it. */
export interface Partition {
  teamName: string;
  /** Undefined for team-level streams. */
  project: { name: string; id: number } | undefined;
}

/**
 * A stream, declared: what to call, where the list is, how it pages, what identifies an item, how it
 * can be read incrementally. The engine does the rest (paging, cursors, checkpoints, statuses, counts,
 * retries via the client), the same way for every stream.
 */
export interface StreamDeclaration {
  name: string;
  /** File name in schemas/. */
  schemaFile: string;
  description: string;
  scope: 'team' | 'project';
  list: {
    action: string;
    shape: PagingShape;
    pageSize: number;
    params(partition: Partition): Record<string, unknown>;
  };
  /** Field of a Coding item that identifies it within its partition; the record key ends with it. */
  idField: string;
  /** Fields the connector adds to every record of a partition, beside TeamName and ProjectName. */
  extraFields?(partition: Partition): Record<string, unknown>;
  /** Drops listed items the configuration excludes. */
  include?(item: Item, settings: Settings): boolean;
  /** Polling incremental reads: Coding can filter by day and sort on this field. */
  cursor?: {
    field: string;
    sortKey: string;
    /** The condition selecting items whose cursor field falls on or after the day of `fromMs`. */
    condition(fromMs: number): Condition;
    /** Cursor values before this are never read (start_date). */
    floor(settings: Settings): number | undefined;
  };
  /** Per-item enrichment with a detail call, when the settings ask for it. */
  detail?: {
    action: string;
    enabled(settings: Settings): boolean;
    params(partition: Partition, item: Item): Record<string, unknown>;
    payloadKey: string;
  };
  /** Webhook mode: the Service Hook events that change this stream. */
  webhook?: WebhookBinding;
}

export interface WebhookBinding {
  /** Key of the changed object in the hook body: issue, iteration, member. */
  objectKey: string;
  /** Events whose object is created or changed. */
  upserts: readonly string[];
  /** Events whose object is gone. */
  deletes: readonly string[];
  /** The id (idField value) of the hook's object. */
  idOf(object: Record<string, unknown>): number | undefined;
  /** When the hook says the object last changed (epoch ms), to bound the re-read of changed objects. */
  changedAt?(object: Record<string, unknown>): number | undefined;
  /**
   * Reads one object back when re-listing did not find it (e.g. its update time moved before the
   * re-read's lower bound). Streams without a single-object action omit it: not being listed then
   * means the object is gone.
   */
  fetchOne?(partition: Partition, id: number): { action: string; params: Record<string, unknown>; payloadKey: string };
}
