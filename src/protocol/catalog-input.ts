import { ConfigError } from '../errors.js';
import { isObject, shownValue, type JsonObject } from '../json.js';
import type { SyncMode } from './messages.js';

export interface SelectedStream {
  name: string;
  syncMode: SyncMode;
  /** The cursor the catalog asks for, if any; our cursors are source-defined, so it is informational. */
  cursorField: string[] | undefined;
  /**
   * The stream's schema as the platform configured it (what discover said, or the user's edit of it):
   * the columns the destination expects. Absent when the catalog gives no schema object.
   */
  jsonSchema?: JsonObject;
}

const SYNC_MODES: readonly string[] = ['full_refresh', 'incremental'];

/**
 * Reads a ConfiguredAirbyteCatalog. Only what we act on is checked (names and sync modes): the platform
 * may add fields, and Meltano's wrapper omits cursor_field and sets destination_sync_mode to append.
 */
export function parseConfiguredCatalog(raw: unknown): SelectedStream[] {
  if (!isObject(raw) || !Array.isArray(raw.streams)) {
    throw new ConfigError('The catalog file must contain a ConfiguredAirbyteCatalog: {"streams": [{"stream": {"name": ...}, "sync_mode": ..., "destination_sync_mode": ...}]}.');
  }
  const seen = new Set<string>();
  return raw.streams.map((entry, index) => {
    const where = `Catalog entry #${index + 1}`;
    if (!isObject(entry) || !isObject(entry.stream) || typeof entry.stream.name !== 'string' || entry.stream.name === '') {
      throw new ConfigError(`${where} has no "stream.name".`);
    }
    const name = entry.stream.name;
    if (typeof entry.sync_mode !== 'string' || !SYNC_MODES.includes(entry.sync_mode)) {
      throw new ConfigError(`${where} (${shownValue(name)}) has sync_mode ${shownValue(entry.sync_mode)}; expected "full_refresh" or "incremental".`);
    }
    if (seen.has(name)) throw new ConfigError(`${where}: stream ${shownValue(name)} is listed twice.`);
    seen.add(name);
    const cursor = entry.cursor_field;
    return {
      name,
      syncMode: entry.sync_mode as SyncMode,
      cursorField: Array.isArray(cursor) && cursor.every((c) => typeof c === 'string') ? (cursor as string[]) : undefined,
      ...(isObject(entry.stream.json_schema) ? { jsonSchema: entry.stream.json_schema } : {}),
    };
  });
}
