import type { Item } from '../coding/paging.js';
import type { Partition, Stream } from './declaration.js';
import { cursorFieldOf } from './discover.js';

/**
 * A record is Coding's item as Coding returned it, plus the fields that make it unique outside its
 * partition: Key (one string, so tools that keep only the first primary-key path, like Meltano's
 * Airbyte wrapper, still deduplicate correctly), TeamName and, for project streams, ProjectName.
 */
export function toRecord(stream: Stream, partition: Partition, item: Item): Item {
  const key = recordKey(partition, stream.keyFields ? stream.keyFields.map((field) => String(item[field])).join('/') : item[stream.idField]);
  // Filled in place: the item is this read's own object, fresh from Coding's answer, and a copy per
  // record was a measurable share of a read's time and garbage. Coding's own fields win over the
  // stream's extra ones; the key fields win over both.
  const extra = stream.extraFields?.(partition);
  if (extra) for (const [field, value] of Object.entries(extra)) if (!(field in item)) item[field] = value;
  item.Key = key;
  item.TeamName = partition.teamName;
  if (partition.project) item.ProjectName = partition.project.name;
  return item;
}

/**
 * A deleted object: its key, its id, and the CDC fields that make deduplicating destinations (Airbyte's
 * append-dedup, Meltano) delete the row. Destinations order versions of a row by the cursor, so the
 * tombstone carries the deletion time there too: it must sort after every earlier version.
 */
export function tombstone(stream: Stream, partition: Partition, id: number | string, deletedAt: number): Item {
  const at = new Date(deletedAt).toISOString();
  const cursor = cursorFieldOf(stream);
  const fields: Item = { [stream.idField]: id, [cursor]: cursor === '_ab_cdc_updated_at' ? at : deletedAt, _ab_cdc_updated_at: at, _ab_cdc_deleted_at: at };
  return toRecord(stream, partition, fields);
}

function recordKey(partition: Partition, id: unknown): string {
  return `${partition.teamName}/${partition.project ? `${partition.key}/` : ''}${String(id)}`;
}
