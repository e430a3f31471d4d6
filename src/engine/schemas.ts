import { readPackageJson } from '../config/package-files.js';
import { isObject, type JsonObject } from '../json.js';

const cache = new Map<string, JsonObject>();

/**
 * A stream's JSON Schema as discover emits it: schemas/ files may share definitions through local
 * `$ref`s (so record types are generated once per shape), but Airbyte wants no `$ref` in a catalog.
 */
export function streamSchema(file: string): JsonObject {
  let schema = cache.get(file);
  if (!schema) {
    const raw = readPackageJson<JsonObject>(`schemas/${file}`);
    schema = inlineRefs(raw, raw, []) as JsonObject;
    delete schema.definitions;
    cache.set(file, schema);
  }
  return schema;
}

function inlineRefs(node: unknown, root: JsonObject, trail: string[]): unknown {
  if (Array.isArray(node)) return node.map((child) => inlineRefs(child, root, trail));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported in schemas/ (found ${ref})`);
    if (trail.includes(ref)) throw new Error(`recursive $ref ${ref} cannot be inlined`);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isObject(target) ? target[part] : undefined;
    if (!isObject(target)) throw new Error(`$ref ${ref} points nowhere`);
    return inlineRefs(target, root, [...trail, ref]);
  }
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) copy[key] = inlineRefs(value, root, trail);
  return copy;
}

const idKinds = new Map<string, 'integer' | 'string'>();

/** Whether a stream's items are identified by an integer or a string, as its schema declares the id field. */
export function idKindOf(stream: { schemaFile: string; idField: string }): 'integer' | 'string' {
  const cacheKey = `${stream.schemaFile}#${stream.idField}`;
  let kind = idKinds.get(cacheKey);
  if (!kind) {
    const properties = streamSchema(stream.schemaFile).properties;
    const field = isObject(properties) ? properties[stream.idField] : undefined;
    const type = isObject(field) ? field.type : undefined;
    const types = Array.isArray(type) ? type : [type];
    kind = types.includes('string') ? 'string' : 'integer';
    idKinds.set(cacheKey, kind);
  }
  return kind;
}
