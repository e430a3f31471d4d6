import { createReadStream } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * No config, catalog or state this connector writes or reads comes near this size; past it, the path
 * names something else (a device such as /dev/zero, a log, a dump) and reading on would only exhaust
 * memory.
 */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a JSON file the user (or the platform) handed us. Every failure is a config error that names
 * the file and says what is wrong with it, never its content (it may hold secrets): not even the few
 * characters around a syntax error that the JSON parser quotes.
 */
export async function readJsonFile(path: string, what: string, options: { allowEmpty?: boolean } = {}): Promise<unknown> {
  const bytes = await readCapped(path, what);
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new ConfigError(`The ${what} file ${path} is encoded in UTF-16; save it as UTF-8.`);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    if (options.allowEmpty) return undefined;
    throw new ConfigError(`The ${what} file ${path} is empty; it must contain a JSON object.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The ${what} file ${path} is not valid JSON (${describeSyntaxError(error, text)}).`);
  }
}

async function readCapped(path: string, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // A stream rather than readFile: a FIFO (`--config <(…)`) works, and an endless device stops at the cap.
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_INPUT_FILE_BYTES) {
        throw new ConfigError(`The ${what} file ${path} is larger than ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB; it cannot be a ${what} file.`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : `it could not be read (${code ?? 'unknown error'})`;
    throw new ConfigError(`Cannot read the ${what} file ${path}: ${reason}.`);
  }
  return Buffer.concat(chunks, size);
}

// V8's own wording for these says nothing of the content; every other message quotes it.
const CONTENT_FREE = /^(Expected [^"]*?|Unterminated string|Bad escaped character|Bad control character in string literal|Exponent part is missing a number|No number after minus sign|Unterminated fractional number|Unexpected number|Unexpected non-whitespace character after JSON|Unexpected end of JSON input)(?: in JSON)?(?: at position (\d+))?(?: \(line \d+ column \d+\))?$/;

function describeSyntaxError(error: unknown, text: string): string {
  const match = error instanceof SyntaxError ? CONTENT_FREE.exec(error.message) : null;
  const what = match?.[1]?.replace(/ in JSON$/, '') ?? 'Unexpected character';
  const position = match?.[2] === undefined ? undefined : Number(match[2]);
  return position === undefined ? what : `${what} at ${lineAndColumn(text, position)}`;
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}
