/**
 * Small JSON walkers with the semantics Airbyte's connector acceptance tests (CAT) use when they
 * inspect a spec or a stream schema, so that our mirror of each CAT check asks the same question.
 */
import { isObject, type JsonObject } from '../../src/json.js';

export type Path = Array<string | number>;

/** Every node of a JSON value with its path, root first (depth-first, document order). */
export function* walk(node: unknown, path: Path = []): Generator<[Path, unknown]> {
  yield [path, node];
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) yield* walk(node[i], [...path, i]);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) yield* walk(value, [...path, key]);
  }
}

/** Nodes reached through a key named `key`, at any depth (dpath's `**\/key`). */
export function nodesNamed(root: unknown, key: string): Array<[Path, unknown]> {
  return [...walk(root)].filter(([path]) => path.length > 0 && path[path.length - 1] === key);
}

/** Every value stored under `key` anywhere (CAT's find_all_values_for_key_in_schema). */
export function valuesOfKey(root: unknown, key: string): unknown[] {
  return nodesNamed(root, key).map(([, value]) => value);
}

export function nodeAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isObject(node) && typeof part === 'string') node = node[part];
    else return undefined;
  }
  return node;
}

export function parentOf(root: unknown, path: Path): JsonObject {
  const parent = nodeAt(root, path.slice(0, -1));
  if (!isObject(parent)) throw new Error(`no object holds /${path.join('/')}`);
  return parent;
}

/**
 * Whether a schema uses `keyword` as a keyword. A key directly inside a `properties` map names a
 * field, not a keyword (a column called "not" is fine), which is the distinction CAT makes.
 */
export function usesKeyword(schema: unknown, keyword: string): boolean {
  return [...walk(schema)].some(([path]) => {
    if (path.length === 0 || path[path.length - 1] !== keyword) return false;
    return path[path.length - 2] !== 'properties';
  });
}

/** Whether a field path (e.g. ["Key"]) exists under the schema's nested `properties`. */
export function schemaHasField(schema: JsonObject, fieldPath: string[]): boolean {
  let node: unknown = schema;
  for (const part of fieldPath) {
    if (!isObject(node) || !isObject(node.properties) || !(part in node.properties)) return false;
    node = node.properties[part];
  }
  return true;
}

export function fieldSchema(schema: JsonObject, fieldPath: string[]): JsonObject | undefined {
  let node: unknown = schema;
  for (const part of fieldPath) {
    if (!isObject(node) || !isObject(node.properties)) return undefined;
    node = node.properties[part];
  }
  return isObject(node) ? node : undefined;
}

export function typesOf(schema: JsonObject | undefined): string[] {
  const type = schema?.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * The field paths a schema declares, as CAT's get_expected_schema_structure writes them
 * ("/Iteration/Name", "/Labels/[]/Id"): leaves and objects without declared properties.
 */
export function declaredPaths(schema: unknown, path = '', out: string[] = []): string[] {
  if (!isObject(schema)) {
    out.push(path);
    return out;
  }
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (variants) {
    for (const variant of variants) declaredPaths({ type: 'object', ...(isObject(variant) ? variant : {}) }, path, out);
    return out;
  }
  const types = schema.type === undefined ? ['object', 'null'] : typesOf(schema);
  if (types.includes('object')) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    if (Object.keys(properties).length === 0) {
      if (path) out.push(path);
      return out;
    }
    for (const [key, child] of Object.entries(properties)) declaredPaths(child, `${path}/${key}`, out);
    return out;
  }
  if (types.includes('array')) return declaredPaths(schema.items ?? {}, `${path}/[]`, out);
  out.push(path);
  return out;
}

/** The paths present in a record, in the same notation (arrays judged by their first element, as CAT does). */
export function presentPaths(value: unknown, path = '', out: string[] = []): string[] {
  if (path) out.push(path);
  if (isObject(value)) for (const [key, child] of Object.entries(value)) presentPaths(child, `${path}/${key}`, out);
  else if (Array.isArray(value) && value.length > 0) presentPaths(value[0], `${path}/[]`, out);
  return out;
}
