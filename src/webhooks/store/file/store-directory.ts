import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../../errors.js';
import { errorCode, syncDirectory } from './segment-files.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Creates the directory when missing and returns the store id kept in it, creating that too. Both
 * the receiver and a reader may get here first, at the same time: the id file is written aside and
 * linked into place, which fails for the loser, so both end up with the same complete id.
 */
export async function prepareStoreDirectory(directory: string): Promise<string> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new ConfigError(`cannot create the event store directory ${directory}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
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
