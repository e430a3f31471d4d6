import type { Item } from '../coding/paging.js';
import { isObject } from '../json.js';

/**
 * CI jobs and builds carry environment variables, some marked Sensitive. Whatever the platform does
 * with records afterwards, the value of a sensitive variable never leaves the connector: the entry
 * keeps its Name and Sensitive, its Value is null, and nothing else of it is kept. Coding's spelling
 * of the flag is INFERRED, so every truthy form counts (true, "true", 1, "1"), and an entry that is not
 * an object is dropped rather than passed on unread.
 */
export function withoutSensitiveValues(record: Item): Item {
  const list = record.EnvList;
  if (!Array.isArray(list)) return record;
  return { ...record, EnvList: list.filter(isObject).map((entry) => (isSensitive(entry.Sensitive) ? { Name: entry.Name ?? null, Sensitive: true, Value: null } : entry)) };
}

function isSensitive(flag: unknown): boolean {
  return flag === true || flag === 1 || (typeof flag === 'string' && ['true', '1'].includes(flag.trim().toLowerCase()));
}
