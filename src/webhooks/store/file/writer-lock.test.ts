import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../errors.js';
import { exitOf } from '../../test-support/child-process.js';
import { sleep } from '../../test-support/sample-events.js';
import { acquireWriterLock, type WriterLock } from './writer-lock.js';

describe('the writer lock of a directory store', () => {
  let dir: string;
  let held: WriterLock[];
  const lockPath = (): string => join(dir, 'writer.lock');
  const writeLock = (owner: { pid: number; host?: string }): Promise<void> =>
    writeFile(lockPath(), JSON.stringify({ pid: owner.pid, host: owner.host ?? hostname(), token: 'theirs', since: '2024-01-01T00:00:00Z' }));
  const acquire = async (options = {}): Promise<WriterLock> => {
    const lock = await acquireWriterLock(dir, options);
    held.push(lock);
    return lock;
  };
  const refusal = async (): Promise<unknown> => acquire().then(() => null, (error: unknown) => error);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-lock-'));
    held = [];
  });
  afterEach(async () => {
    for (const lock of held) await lock.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('is taken over when the pid that holds it is dead', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await exitOf(child);
    await writeLock({ pid: child.pid! });
    await acquire();
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).to.include({ pid: process.pid });
  });

  it('is refused while its owner lives, naming the owner and Redis as the way to run several receivers', async () => {
    await writeLock({ pid: process.ppid });
    const error = await refusal();
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.include(`pid ${process.ppid}`).and.include('Redis');
  });

  it('is taken over when it names our own pid but we do not hold it (a restarted container is pid 1 again)', async () => {
    await writeLock({ pid: process.pid });
    await acquire();
    expect(await refusal(), 'but not twice in one process').to.be.instanceOf(ConfigError);
  });

  it('is refused to a second writer in this process, even through another path to the directory', async () => {
    await acquire();
    const alias = `${dir}-alias`;
    await symlink(dir, alias);
    try {
      const error = await acquireWriterLock(alias).then(() => null, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.include('this process');
    } finally {
      await rm(alias);
    }
  });

  it('from another host, is taken over only once its owner stopped touching it', async () => {
    await writeLock({ pid: 1, host: 'another-container' });
    expect(await refusal()).to.be.instanceOf(ConfigError);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath(), old, old);
    await acquire();
  });

  it('is taken over when its content is unreadable and old (its creator died while writing it)', async () => {
    await writeFile(lockPath(), '');
    const old = new Date(Date.now() - 10_000);
    await utimes(lockPath(), old, old);
    await acquire();
  });

  it('is removed on release, so the next writer starts without any takeover', async () => {
    const lock = await acquire();
    await lock.release();
    await acquire();
  });

  it('tells its holder when another process removed or took it', async () => {
    let lost: string | undefined;
    await acquire({ heartbeatMs: 20, onLost: (reason: string) => (lost = reason) });
    await writeLock({ pid: process.ppid });
    for (let i = 0; i < 50 && lost === undefined; i += 1) await sleep(20);
    expect(lost).to.include('taken over');
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).to.include({ token: 'theirs' });
  });
});
