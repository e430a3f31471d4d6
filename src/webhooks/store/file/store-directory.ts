import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../../errors.js';
import { errorCode, syncDirectory } from './segment-files.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Creates the directory when missing and returns the store id kept in it, creating that too. Both
 * the receiver and a reader may get here first, at the same time: the id file is written aside and
 * linked into place, which fails for the loser, so both end up with the same complete id.
 */
export async function prepareStoreDirectory(directory: string): Promise<string> {
  await makeDirectories(directory);
  const idPath = join(directory, 'store-id');
  const existing = await readStoreId(idPath);
  if (existing !== null) return existing;
  const aside = join(directory, `.store-id.${process.pid}.${randomUUID()}`);
  try {
    await writeFile(aside, `${randomUUID()}\n`, { flush: true });
    try {
      await link(aside, idPath);
      await syncDirectory(directory);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    } finally {
      await unlink(aside).catch(() => undefined);
    }
  } catch (error) {
    throw new ConfigError(`the event store directory ${directory} is not writable: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
  const created = await readStoreId(idPath);
  if (created === null) throw new ConfigError(`could not create the store id in ${directory}`);
  return created;
}

async function readStoreId(idPath: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(idPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new ConfigError(`cannot read ${idPath}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
  const id = text.trim();
  if (!UUID.test(id)) throw new ConfigError(`${idPath} does not hold a store id; is this directory an event store?`);
  return id;
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns where mkdir answers ENOENT
 * under a parent that exists (anywhere under /proc): it keeps creating the parent again.
 */
async function makeDirectories(directory: string): Promise<void> {
  const missing: string[] = [];
  for (let path = directory; ; path = dirname(path)) {
    const kind = await pathKind(path, directory);
    if (kind === 'directory') break;
    if (kind === 'other') throw new ConfigError(`the event store location ${directory} is not a directory (${path} is a file or device).`);
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) {
    try {
      await mkdir(path);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        throw new ConfigError(`cannot create the event store directory ${directory}: ${errorCode(error) ?? String(error)} at ${path}; choose a directory on a writable volume.`, { cause: error });
      }
    }
  }
  if ((await pathKind(directory, directory)) !== 'directory') throw new ConfigError(`the event store location ${directory} is not a usable directory.`);
}

async function pathKind(path: string, directory: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw new ConfigError(`cannot use the event store directory ${directory}: ${errorCode(error) ?? String(error)} at ${path}.`, { cause: error });
  }
}
