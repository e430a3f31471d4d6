import type { Settings } from '../config/resolve-config.js';
import type { AirbyteStream } from '../protocol/messages.js';
import type { RunContext } from './context.js';
import type { Stream } from './declaration.js';
import { streamSchema } from './schemas.js';

/**
 * The catalog. Which streams are incremental depends on the mode: polling can only follow streams Coding
 * can filter by update time (issues); webhook mode follows every stream that Service Hooks report on.
 */
export async function discover(streams: readonly Stream[], settings: Settings, context: () => RunContext): Promise<AirbyteStream[]> {
  const catalog: AirbyteStream[] = [];
  for (const declaration of streams) {
    const base = { ...streamSchema(declaration.schemaFile), description: declaration.description };
    const incremental = declaration.cursor !== undefined || declaration.children !== undefined || (settings.incrementalMode === 'webhook' && declaration.webhook !== undefined);
    const stream: AirbyteStream = {
      name: declaration.name,
      // The protocol has no stream description: the schema's own description carries it to the UI.
      json_schema: declaration.extendSchema ? await declaration.extendSchema(context(), base) : base,
      supported_sync_modes: incremental ? ['full_refresh', 'incremental'] : ['full_refresh'],
      source_defined_primary_key: [['Key']],
    };
    if (incremental) {
      stream.source_defined_cursor = true;
      stream.default_cursor_field = [cursorFieldOf(declaration)];
      stream.is_resumable = true;
    }
    catalog.push(stream);
  }
  return catalog;
}

/** The record field that orders versions of a row: the stream's cursor (a child stream's own), else UpdatedAt, else the CDC time. */
export function cursorFieldOf(declaration: Stream): string {
  return declaration.cursor?.field ?? declaration.children?.cursorField ?? (hasField(declaration, 'UpdatedAt') ? 'UpdatedAt' : '_ab_cdc_updated_at');
}

function hasField(declaration: Stream, field: string): boolean {
  const properties = streamSchema(declaration.schemaFile).properties;
  return typeof properties === 'object' && properties !== null && field in properties;
}
