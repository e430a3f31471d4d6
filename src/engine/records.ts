import type { Item } from '../coding/paging.js';
import type { Partition, StreamDeclaration } from './declaration.js';

/**
 * A record is Coding's item as Coding returned it, preceded by the fields that make it unique outside
 * its project: Key (one string, so tools that keep only the first primary-key path, like Meltano's
 * Airbyte wrapper, still deduplicate correctly), TeamName and, for project streams, ProjectName.
 */
export function toRecord(declaration: StreamDeclaration, partition: Partition, item: Item): Item {
  const key = recordKey(partition, item[declaration.idField]);
  const record: Item = { Key: key, TeamName: partition.teamName };
  if (partition.project) record.ProjectName = partition.project.name;
  Object.assign(record, declaration.extraFields?.(partition), item);
  // Assigned again after the item so a Coding field of the same name can never change the key.
  record.Key = key;
  record.TeamName = partition.teamName;
  if (partition.project) record.ProjectName = partition.project.name;
  return record;
}

function recordKey(partition: Partition, id: unknown): string {
  return partition.project ? `${partition.teamName}/${partition.project.name}/${String(id)}` : `${partition.teamName}/${String(id)}`;
}
