import { isObject, type JsonObject } from '../../json.js';
import type { ColumnKind } from './parse-value.js';

/** A custom field as the issues stream shows it: one typed column. */
export interface Column {
  id: number;
  /** custom_field_<Id>: stable when the field is renamed. */
  property: string;
  name: string;
  /** The ComponentTypes seen for this field id (several only when projects disagree). */
  componentTypes: string[];
  kind: ColumnKind;
}

/** The column kind of each ComponentType in the reference table; unknown types keep the raw text. */
const KINDS: Readonly<Record<string, ColumnKind>> = {
  TEXT_SINGLE_LINE: 'text',
  TEXT_MULTI_LINE: 'text',
  SELECT_SINGLE: 'text',
  RADIO: 'text',
  SELECT_MULTI: 'texts',
  CHECKBOX: 'texts',
  SELECT_MEMBER_SINGLE: 'member',
  SELECT_MEMBER_MULTI: 'members',
  TEXT_DATE: 'date',
  TEXT_DATETIME: 'datetime',
  TEXT_INTEGER: 'integer',
  TEXT_DECIMAL: 'decimal',
};

/**
 * The kind of a field's column. A field id whose ComponentType differs between projects or issue
 * types (Coding lets owners change a field) is widened to text: the raw ValueString, which every
 * version of the field can hold.
 */
export function kindOf(componentTypes: readonly string[]): ColumnKind {
  const kinds = new Set(componentTypes.map((t) => KINDS[t] ?? 'text'));
  return kinds.size === 1 ? ([...kinds][0] as ColumnKind) : 'text';
}

const nullable = (type: string): { type: [string, 'null'] } => ({ type: [type, 'null'] });

const USER: JsonObject = {
  type: 'object',
  additionalProperties: true,
  properties: Object.fromEntries(
    [['Id', 'integer'], ['Status', 'integer'], ['Avatar', 'string'], ['Name', 'string'], ['Email', 'string'], ['TeamId', 'integer'], ['Phone', 'string'], ['GlobalKey', 'string'], ['TeamGlobalKey', 'string']].map(([name, type]) => [name, nullable(type as string)]),
  ),
};

const TYPES: Readonly<Record<ColumnKind, JsonObject>> = {
  text: nullable('string'),
  texts: { type: ['array', 'null'], items: { type: 'string' } },
  member: { ...USER, type: ['object', 'null'] },
  members: { type: ['array', 'null'], items: USER },
  date: { ...nullable('string'), format: 'date' },
  datetime: { ...nullable('string'), format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
  integer: nullable('integer'),
  decimal: nullable('number'),
};

/** The column's JSON Schema: its type, the field's display name as title, what it holds as description. */
export function columnSchema(column: Column): JsonObject {
  const widened = column.componentTypes.length > 1 ? ` Its ComponentType differs between projects or issue types (${column.componentTypes.join(', ')}), so it holds the raw ValueString.` : '';
  return {
    title: column.name,
    description: `Custom field "${column.name}" (${column.componentTypes.join(' / ')}), id ${column.id}: its value parsed from CustomFields[].ValueString; null when unset or not parsable.${widened}`,
    ...structuredClone(TYPES[column.kind]),
  };
}

const PROPERTY = /^custom_field_(\d{1,15})$/;

/**
 * The custom-field columns a configured catalog asks for, read from its issues schema: the columns
 * discover announced (or the user's edit of them), so a read needs no definition requests and fills
 * exactly the columns the destination has. Each column's kind comes back from its JSON type (the
 * inverse of TYPES; a type edited to string gets the raw text). Undefined when the schema lists no
 * properties at all (a hand-written catalog with `"json_schema": {}`): the definitions are loaded then.
 */
export function columnsOfSchema(schema: JsonObject | undefined): Map<number, Column> | undefined {
  if (!schema || !isObject(schema.properties) || Object.keys(schema.properties).length === 0) return undefined;
  const columns = new Map<number, Column>();
  for (const [property, value] of Object.entries(schema.properties)) {
    const id = Number(PROPERTY.exec(property)?.[1]);
    if (!Number.isSafeInteger(id)) continue;
    const name = isObject(value) && typeof value.title === 'string' && value.title !== '' ? value.title : `field ${id}`;
    columns.set(id, { id, property, name, componentTypes: [], kind: kindOfSchema(value) });
  }
  return new Map([...columns].sort(([a], [b]) => a - b));
}

/** The column kind whose values a property schema admits; text (the raw ValueString) when in doubt. */
function kindOfSchema(schema: unknown): ColumnKind {
  if (!isObject(schema)) return 'text';
  const types = new Set((Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t): t is string => typeof t === 'string' && t !== 'null'));
  if (types.size === 0 || types.has('string')) {
    if (schema.format === 'date') return 'date';
    if (schema.format === 'date-time') return 'datetime';
    return 'text';
  }
  if (types.size > 1) return [...types].every((t) => t === 'integer' || t === 'number') ? 'decimal' : 'text';
  if (types.has('integer')) return 'integer';
  if (types.has('number')) return 'decimal';
  if (types.has('object')) return 'member';
  if (types.has('array')) return isObject(schema.items) && (schema.items.type === 'object' || isObject(schema.items.properties)) ? 'members' : 'texts';
  return 'text';
}
