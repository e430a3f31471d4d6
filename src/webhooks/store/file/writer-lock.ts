import { randomUUID } from 'node:crypto';
import { link, open, readFile, realpath, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConnectorError } from '../../../errors.js';
import { errorCode } from './segment-files.js';

export interface WriterLockOptions {
  /** How often the owner touches the lock file (default 5 s). */
  heartbeatMs?: number;
  /** A lock from another host is stale when untouched this long (default 30 s). */
  staleAfterMs?: number;
  /** Called when the lock file no longer names us (deleted or taken over): stop writing. */
  onLost?: (reason: string) => void;
}

export interface WriterLock {
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** Tokens of the locks this process holds: a pid check cannot tell them from a dead owner that had our pid. */
const heldHere = new Set<string>();

/**
 * One writer per directory. The lock file names its owner (pid, host, random token); it is taken over
 * when the owner is dead: same host and no such pid (SIGKILL leaves the file behind), or our own pid
 * without us holding it (a restarted container is pid 1 again), or another host that stopped
 * touching it. Takeover moves the stale file aside by rename, which only one contender can do to a
 * given file, then checks that the file moved was the stale one.
 */
export async function acquireWriterLock(directory: string, options: WriterLockOptions = {}): Promise<WriterLock> {
  const lockPath = join(await realpath(directory).catch((error: unknown) => {
    throw new ConfigError(`cannot find the event store directory ${directory}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }), 'writer.lock');
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const mine: LockContent = { pid: process.pid, host: hostname(), token: randomUUID(), since: new Date().toISOString() };
  try {
    return await takeLock(lockPath, directory, mine, heartbeatMs, staleAfterMs, options.onLost);
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    // A lock the filesystem will not let us read, move aside or create (a read-only volume, a directory
    // owned by another user) is the setup's to fix.
    throw new ConfigError(
      `cannot take the writer lock ${lockPath}: ${errorCode(error) ?? String(error)}; the receiver needs write access to the event store directory ${directory}.`,
      { cause: error },
    );
  }
}

async function takeLock(lockPath: string, directory: string, mine: LockContent, heartbeatMs: number, staleAfterMs: number, onLost?: (reason: string) => void): Promise<WriterLock> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if (await tryCreate(lockPath, mine, directory)) {
      heldHere.add(mine.token);
      return startHeartbeat(lockPath, mine, heartbeatMs, onLost);
    }
    const current = await readLock(lockPath);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      // Its creator is between creating and writing it, or died right there.
      if (await ageMs(lockPath) < 2000) await sleep(100);
      else await moveAsideIfUnchanged(lockPath, null);
      continue;
    }
    if (isAlive(current, staleAfterMs, await ageMs(lockPath))) {
      const owner = current.pid === process.pid ? `this process (pid ${current.pid})` : `pid ${current.pid} on ${current.host} (since ${current.since})`;
      throw liveWriterError(directory, owner);
    }
    await moveAsideIfUnchanged(lockPath, current.token);
  }
  throw new ConfigError(`could not take the writer lock ${lockPath}: other processes keep racing for it`);
}

function liveWriterError(directory: string, owner: string): ConfigError {
  return new ConfigError(
    `the event store ${directory} is already written by ${owner}. A directory store takes one receiver; ` +
      'to run several receivers, give them a shared Redis store (webhook_store: redis://host:6379/0).',
  );
}

async function tryCreate(lockPath: string, content: LockContent, directory: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new ConfigError(`cannot create the lock file in ${directory}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
  try {
    await handle.writeFile(`${JSON.stringify(content)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(lockPath: string): Promise<LockContent | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isLockContent(parsed)) return parsed;
  } catch {
    // fall through
  }
  return 'unreadable';
}

function isLockContent(value: unknown): value is LockContent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string' && typeof v.since === 'string';
}

function isAlive(owner: LockContent, staleAfterMs: number, age: number): boolean {
  if (owner.pid === process.pid && owner.host === hostname()) return heldHere.has(owner.token);
  if (owner.host !== hostname()) return age < staleAfterMs;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return errorCode(error) !== 'ESRCH';
  }
}

/** Removes the lock file only if it is still the one judged stale (`token`, or unreadable if null). */
async function moveAsideIfUnchanged(lockPath: string, token: string | null): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readLock(aside);
  const wasStale = token === null ? moved === 'unreadable' : moved !== 'missing' && moved !== 'unreadable' && moved.token === token;
  if (!wasStale) {
    // Someone took the lock between our read and our rename: put theirs back (unless yet another
    // contender created one meanwhile; then they race it out, not us).
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function startHeartbeat(lockPath: string, mine: LockContent, heartbeatMs: number, onLost?: (reason: string) => void): WriterLock {
  let released = false;
  const beat = async (): Promise<void> => {
    const current = await readLock(lockPath).catch(() => 'unreadable' as const);
    if (released) return;
    if (current === 'missing' || current === 'unreadable' || current.token !== mine.token) {
      clearInterval(timer);
      heldHere.delete(mine.token);
      onLost?.(`the writer lock ${lockPath} was removed or taken over by another process`);
      return;
    }
    const now = new Date();
    await utimes(lockPath, now, now).catch(() => undefined);
  };
  const timer = setInterval(() => void beat(), heartbeatMs);
  timer.unref();
  return {
    async release(): Promise<void> {
      if (released) return;
      released = true;
      clearInterval(timer);
      const current = await readLock(lockPath).catch(() => 'missing' as const);
      if (current !== 'missing' && current !== 'unreadable' && current.token === mine.token) {
        await unlink(lockPath).catch(() => undefined);
      }
      heldHere.delete(mine.token);
    },
  };
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
