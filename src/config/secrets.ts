import { isObject } from '../json.js';
import { connectionSpecification } from './spec.js';

let names: ReadonlySet<string> | undefined;

/** The names of the config fields spec.json marks `airbyte_secret`, wherever they sit in it. */
export function secretFieldNames(): ReadonlySet<string> {
  if (!names) {
    const found = new Set<string>();
    walk(connectionSpecification(), (key, value) => {
      if (key === 'properties' && isObject(value)) {
        for (const [name, property] of Object.entries(value)) if (isObject(property) && property.airbyte_secret === true) found.add(name);
      }
    });
    names = found;
  }
  return names;
}

/**
 * Every string held by a secret field anywhere in a config file, before the config is validated: an
 * invalid config can still carry a real token (in the wrong place, or misspelt around it), and nothing
 * about it may be echoed back. The walk is iterative, so a maliciously deep file cannot overflow it.
 */
export function secretsIn(config: unknown): string[] {
  const secretNames = secretFieldNames();
  const found: string[] = [];
  walk(config, (key, value) => {
    if (typeof value === 'string' && secretNames.has(key)) found.push(value);
  });
  return found;
}

function walk(root: unknown, visit: (key: string, value: unknown) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        visit(key, child);
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
}
