import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';

/**
 * Reads a JSON file the user (or the platform) handed us. Every failure is a config error that names
 * the file and says what is wrong with it, never its content (it may hold secrets).
 */
export async function readJsonFile(path: string, what: string, options: { allowEmpty?: boolean } = {}): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : `it could not be read (${code ?? 'unknown error'})`;
    throw new ConfigError(`Cannot read the ${what} file ${path}: ${reason}.`);
  }
  if (text.trim() === '') {
    if (options.allowEmpty) return undefined;
    throw new ConfigError(`The ${what} file ${path} is empty; it must contain a JSON object.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message.replace(/ in JSON at position.*$/s, '').slice(0, 120) : 'invalid JSON';
    throw new ConfigError(`The ${what} file ${path} is not valid JSON (${detail}).`);
  }
}
