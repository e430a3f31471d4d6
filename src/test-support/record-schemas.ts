import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isObject } from '../json.js';

/**
 * Validates records against the stream schemas a CATALOG declared, the way Airbyte's acceptance tests
 * do: JSON Schema conformance (with formats), plus no field the schema does not declare, at any depth.
 */
export class RecordSchemas {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, Record<string, unknown>>();

  constructor(catalogStreams: Array<{ name: string; json_schema: Record<string, unknown> }>) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const stream of catalogStreams) {
      this.schemas.set(stream.name, stream.json_schema);
      this.validators.set(stream.name, ajv.compile(stream.json_schema));
    }
  }

  /** Problems with one record: schema violations and undeclared field paths. Empty when it conforms. */
  problems(stream: string, data: unknown): string[] {
    const validate = this.validators.get(stream);
    const schema = this.schemas.get(stream);
    if (!validate || !schema) return [`no schema for stream ${stream}`];
    const problems: string[] = [];
    if (!validate(data)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
    problems.push(...undeclared(schema, data, '').map((path) => `${path} is not declared in the schema`));
    return problems;
  }
}

function undeclared(schema: unknown, value: unknown, path: string): string[] {
  if (!isObject(schema)) return [];
  if (isObject(value) && isObject(schema.properties)) {
    const properties = schema.properties;
    return Object.entries(value).flatMap(([key, child]) => (key in properties ? undeclared(properties[key], child, `${path}/${key}`) : [`${path}/${key}`]));
  }
  if (Array.isArray(value) && isObject(schema.items)) return value.flatMap((child, i) => undeclared(schema.items, child, `${path}/${i}`));
  return [];
}
