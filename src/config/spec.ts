import type { JsonObject } from '../protocol/messages.js';
import { readPackageJson } from './package-files.js';

export const DOCUMENTATION_URL = 'https://github.com/source-coding/source-coding/blob/main/docs/sources/coding.md';

let cached: JsonObject | undefined;

/** spec.json at the package root: the connectionSpecification that `spec` emits and config is validated against. */
export function connectionSpecification(): JsonObject {
  cached ??= readPackageJson<JsonObject>('spec.json');
  return cached;
}
