import type { Item } from '../coding/paging.js';
import type { Partition, Stream } from './declaration.js';
import { cursorFieldOf } from './discover.js';

/**
 * A record is Coding's item as Coding returned it, preceded by the fields that make it unique outside
 * its partition: Key (one string, so tools that keep only the first primary-key path, like Meltano's
 * Airbyte wrapper, still deduplicate correctly), TeamName and, for project streams, ProjectName.
 */
export function toRecord(stream: Stream, partition: Partition, item: Item): Item {
  const key = recordKey(partition, stream.keyFields ? stream.keyFields.map((field) => String(item[field])).join('/') : item[stream.idField]);
  const record: Item = { Key: key, TeamName: partition.teamName };
  if (partition.project) record.ProjectName = partition.project.name;
  Object.assign(record, stream.extraFields?.(partition), item);
  // Assigned again after the item so a Coding field of the same name can never change the key.
  record.Key = key;
  record.TeamName = partition.teamName;
  if (partition.project) record.ProjectName = partition.project.name;
  return record;
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
