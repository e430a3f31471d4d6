import type { Item } from '../../coding/paging.js';
import type { RunContext } from '../../engine/context.js';
import { isObject, type JsonObject } from '../../json.js';
import { columnSchema, columnsOfSchema } from './columns.js';
import { loadColumns } from './definitions.js';
import { parseValue } from './parse-value.js';

/** discover: the issues schema with one typed property per custom field, custom_field_<Id>. */
export async function withCustomFieldColumns(ctx: RunContext, schema: JsonObject): Promise<JsonObject> {
  const columns = await loadColumns(ctx);
  if (columns.size === 0) return schema;
  const properties: JsonObject = { ...(isObject(schema.properties) ? schema.properties : {}) };
  for (const column of columns.values()) properties[column.property] = columnSchema(column);
  return { ...schema, properties };
}

/**
 * read: fills the custom_field_<Id> columns of each issue from its CustomFields (null where unset),
 * leaving CustomFields as Coding sent it. A value that does not parse as its column's type is null,
 * and its field is named in one WARN per sync, not one per issue. The columns are those of the
 * configured catalog's schema when it lists properties (no request; a field created since discover
 * stays in CustomFields until the next discover), else those of Coding's definitions.
 */
export async function customFieldShaper(ctx: RunContext, schema?: JsonObject): Promise<(record: Item) => Item> {
  const columns = columnsOfSchema(schema) ?? (await loadColumns(ctx));
  const warned = new Set<number>();
  return (record) => {
    // Tombstones carry no CustomFields: only their key fields.
    if (columns.size === 0 || !Array.isArray(record.CustomFields)) return record;
    // Each record is a fresh object of this read: filled in place, not copied (this runs per record).
    const shaped = record;
    for (const column of columns.values()) shaped[column.property] = null;
    for (const value of record.CustomFields) {
      if (!isObject(value) || typeof value.Id !== 'number') continue;
      const column = columns.get(value.Id);
      if (!column) continue;
      const parsed = parseValue(column.kind, value.ValueString);
      if (parsed.ok) {
        shaped[column.property] = parsed.value;
      } else if (!warned.has(column.id)) {
        warned.add(column.id);
        const types = column.componentTypes.length > 0 ? `, ${column.componentTypes.join(' / ')}` : '';
        void ctx.log('WARN', `Custom field ${column.id} ("${column.name}"${types}): a value that does not parse as its type was emitted as null in ${column.property} (first in ${String(record.Key)}); CustomFields keeps it as sent. Further values of this field that do not parse are not reported in this sync.`);
      }
    }
    return shaped;
  };
}
