import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Files shipped beside the code (spec.json, schemas/). This module sits two folders below the package
 * root both in src/ (tests, tsx) and in dist/ (the installed package), so one relative path serves both.
 */
const root = new URL('../../', import.meta.url);

export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, root));
}

export function readPackageJson<T>(relative: string): T {
  return JSON.parse(readFileSync(packagePath(relative), 'utf8')) as T;
}

export function packageVersion(): string {
  return readPackageJson<{ version: string }>('package.json').version;
}
