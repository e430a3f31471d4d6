import type { JsonObject } from '../../json.js';
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
