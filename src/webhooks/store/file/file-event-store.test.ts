import { expect } from 'chai';
import { appendFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { ConfigError } from '../../../errors.js';
import { spawnTsEntry, waitForLine, exitOf } from '../../test-support/child-process.js';
import { faultyDisk } from '../../test-support/faulty-disk.js';
import { collect, sampleEvent } from '../../test-support/sample-events.js';
import type { EventStore, RetentionOptions } from '../event-store.js';
import { EventLogCorruptError, EventStoreUnavailableError } from '../store-errors.js';
import { openFileEventStore, type FileEventStoreOptions } from './file-event-store.js';
import { encodeRecord } from './record-codec.js';
import { listSegments } from './segment-files.js';
import { SegmentScanner } from './segment-scanner.js';

interface HandleMethods {
  write(...args: unknown[]): Promise<unknown>;
  datasync(): Promise<void>;
}

const retention: RetentionOptions = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

describe('directory event store', function () {
  let dir: string;
  let stores: EventStore[];
  let logs: string[];
  const openStore = async (options: Partial<FileEventStoreOptions> = {}): Promise<EventStore> => {
    const store = await openFileEventStore(dir, { retention, log: (level, message) => logs.push(`${level} ${message}`), ...options });
    stores.push(store);
    return store;
  };
  /** FileHandle is not exported; its prototype is where writes and fsyncs can be observed or failed. */
  const fileHandlePrototype = async (): Promise<HandleMethods> => {
    const handle = await open(join(dir, 'store-id'), 'r');
    await handle.close();
    return Object.getPrototypeOf(handle) as HandleMethods;
  };

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'source-coding-file-store-')), 'events');
    stores = [];
    logs = [];
  });
  afterEach(async () => {
    sinon.restore();
    for (const store of stores) await store.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  async function storeFive(): Promise<string> {
    const store = await openStore();
    for (let i = 1; i <= 5; i += 1) await store.append(sampleEvent({ deliveryId: `e${i}` }));
    await store.close();
    const segments = await listSegments(dir);
    expect(segments).to.have.length(1);
    return segments[0]!.path;
  }

  async function recordStarts(path: string): Promise<number[]> {
    const handle = await open(path, 'r');
    try {
      const scanner = new SegmentScanner(handle, 0, (await listSegments(dir)).find((s) => s.path === path)!.firstSeq);
      const starts: number[] = [];
      for (let step = await scanner.next(); step.kind === 'record'; step = await scanner.next()) starts.push(step.start);
      return starts;
    } finally {
      await handle.close();
    }
  }

  async function flipByte(path: string, position: number): Promise<void> {
    const bytes = await readFile(path);
    bytes[position] = bytes[position]! ^ 0xff;
    await writeFile(path, bytes);
  }

  describe('after a crash', () => {
    it('cuts a half-written record off the tail, keeps the records before it and continues their offsets', async () => {
      const segment = await storeFive();
      const cleanSize = (await stat(segment)).size;
      await appendFile(segment, encodeRecord(6, sampleEvent()).subarray(0, 37));

      const reader = await openStore();
      expect((await collect(reader.read(null))).map((e) => e.deliveryId)).to.deep.equal(['e1', 'e2', 'e3', 'e4', 'e5']);
      expect(await reader.head()).to.equal('5');
      expect((await stat(segment)).size, 'a reader never truncates').to.equal(cleanSize + 37);

      expect(await reader.append(sampleEvent({ deliveryId: 'e6' }))).to.deep.equal({ offset: '6', duplicate: false });
      expect((await collect(reader.read('4'))).map((e) => e.offset)).to.deep.equal(['5', '6']);
      expect(logs.some((line) => line.startsWith('WARN') && line.includes('cut 37 bytes'))).to.equal(true);
    });

    it('cuts garbage left after the last record', async () => {
      const segment = await storeFive();
      await appendFile(segment, Buffer.from('\u0000\u0000garbage that is not a record at all'.repeat(5)));
      const store = await openStore();
      expect(await collect(store.read(null))).to.have.length(5);
      expect((await store.append(sampleEvent())).offset).to.equal('6');
      expect(await collect(store.read(null))).to.have.length(6);
    });

    it('treats a damaged last record like a torn write: nothing intact follows it', async () => {
      const segment = await storeFive();
      const starts = await recordStarts(segment);
      await flipByte(segment, starts[4]! + 40);
      const store = await openStore();
      expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(['e1', 'e2', 'e3', 'e4']);
      expect((await store.append(sampleEvent())).offset).to.equal('5');
    });
  });

  describe('with damage in the middle', () => {
    it('stops reading at the CRC mismatch and says so loudly instead of skipping the record', async () => {
      const segment = await storeFive();
      const starts = await recordStarts(segment);
      await flipByte(segment, starts[2]! + 30);
      const store = await openStore();
      const seen: string[] = [];
      let failure: unknown;
      try {
        for await (const event of store.read(null)) seen.push(event.deliveryId);
      } catch (error) {
        failure = error;
      }
      expect(seen).to.deep.equal(['e1', 'e2']);
      expect(failure).to.be.instanceOf(EventLogCorruptError);
      expect((failure as Error).message).to.include(segment).and.include(`byte ${starts[2]}`).and.include('CRC mismatch');
    });

    it('refuses to become the writer rather than cut acknowledged events', async () => {
      const segment = await storeFive();
      const starts = await recordStarts(segment);
      await flipByte(segment, starts[1]! + 25);
      const store = await openStore();
      let failure: unknown;
      await store.append(sampleEvent()).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(EventLogCorruptError);
      expect((await stat(segment)).size).to.be.greaterThan(starts[4]!);
    });

    it('refuses a damaged older segment too', async () => {
      const store = await openStore({ segmentBytes: 1 });
      for (let i = 1; i <= 4; i += 1) await store.append(sampleEvent({ deliveryId: `e${i}` }));
      const segments = await listSegments(dir);
      expect(segments).to.have.length(4);
      await flipByte(segments[1]!.path, 30);
      let failure: unknown;
      const seen: string[] = [];
      try {
        for await (const event of (await openStore()).read(null)) seen.push(event.deliveryId);
      } catch (error) {
        failure = error;
      }
      expect(seen).to.deep.equal(['e1']);
      expect(failure).to.be.instanceOf(EventLogCorruptError);
    });
  });

  describe('retention', () => {
    it('deletes segments past the age limit, the current one too once it holds only expired events', async () => {
      let now = Date.parse('2024-05-01T00:00:00Z');
      const store = await openStore({ segmentBytes: 2048, now: () => now, retention: { maxAgeMs: 3_600_000, maxBytes: 1 << 30 } });
      for (let i = 1; i <= 20; i += 1) await store.append(sampleEvent({ deliveryId: `old${i}`, receivedAt: now - 1000 }));
      now += 30 * 60_000;
      for (let i = 1; i <= 3; i += 1) await store.append(sampleEvent({ deliveryId: `mid${i}`, receivedAt: now }));
      await store.applyRetention();
      expect(await collect(store.read(null))).to.have.length(23);

      now += 45 * 60_000;
      await store.applyRetention();
      // Whole segments go: old events sharing a segment with newer ones stay a little longer.
      const kept = (await collect(store.read(null))).map((e) => e.deliveryId);
      expect(kept).to.include.members(['mid1', 'mid2', 'mid3']);
      expect(kept.filter((id) => id.startsWith('old')).length).to.be.below(6);
      expect(await store.covers(null)).to.equal(false);

      now += 60 * 60_000;
      await store.applyRetention();
      expect(await collect(store.read(null))).to.deep.equal([]);
      expect(await store.head()).to.equal('23');
      expect(await store.covers('23')).to.equal(true);
      expect(await store.covers('22')).to.equal(false);
      expect((await store.append(sampleEvent())).offset).to.equal('24');
    });

    it('deletes the oldest segments past the byte budget and forgets their deliveries', async () => {
      const store = await openStore({ segmentBytes: 1024, retention: { maxAgeMs: 3_600_000, maxBytes: 4096 } });
      for (let i = 1; i <= 40; i += 1) await store.append(sampleEvent({ deliveryId: `s${i}`, body: JSON.stringify({ pad: 'x'.repeat(250) }) }));
      await store.applyRetention();
      const sizes = await Promise.all((await listSegments(dir)).map(async (s) => (await stat(s.path)).size));
      expect(sizes.reduce((a, b) => a + b, 0)).to.be.at.most(4096);
      const kept = (await collect(store.read(null))).map((e) => e.deliveryId);
      expect(kept.at(-1)).to.equal('s40');
      expect(kept).not.to.include('s1');
      const again = await store.append(sampleEvent({ deliveryId: 's1' }));
      expect(again.duplicate, 'a dropped delivery is outside the dedup window').to.equal(false);
      const stillKnown = await store.append(sampleEvent({ deliveryId: 's40' }));
      expect(stillKnown.duplicate).to.equal(true);
    });
  });

  describe('writing', () => {
    it('shares one write and one fsync among concurrent appends', async () => {
      const store = await openStore();
      await store.append(sampleEvent());
      const datasync = sinon.spy(await fileHandlePrototype(), 'datasync');
      await Promise.all(Array.from({ length: 200 }, () => store.append(sampleEvent())));
      expect(datasync.callCount).to.be.within(1, 20);
      expect(await store.head()).to.equal('201');
    });

    it('answers unavailable when a write fails, and goes on with a clean log afterwards', async () => {
      const store = await openStore();
      await store.append(sampleEvent({ deliveryId: 'before' }));
      const proto = await fileHandlePrototype();
      const write = sinon.stub(proto, 'write');
      const realWrite = write.wrappedMethod;
      write.onFirstCall().callsFake(async function (this: unknown, ...args: unknown[]) {
        // A few bytes reach the file, then the disk is full.
        await realWrite.call(this, args[0], 0, 10, (await stat((await listSegments(dir))[0]!.path)).size);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      });
      write.callThrough();
      let failure: unknown;
      await store.append(sampleEvent({ deliveryId: 'lost' })).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(EventStoreUnavailableError);
      expect((failure as Error).message).to.include('ENOSPC');
      expect(await store.append(sampleEvent({ deliveryId: 'after' }))).to.deep.equal({ offset: '2', duplicate: false });
      expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(['before', 'after']);
      expect(await store.append(sampleEvent({ deliveryId: 'lost' }))).to.deep.equal({ offset: '3', duplicate: false });
    });

    it('stops storing after a failed fsync, since the kernel may have dropped the data', async () => {
      const store = await openStore();
      await store.append(sampleEvent());
      sinon.stub(await fileHandlePrototype(), 'datasync').rejects(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
      const failures: unknown[] = [];
      await store.append(sampleEvent()).catch((error: unknown) => failures.push(error));
      sinon.restore();
      await store.append(sampleEvent()).catch((error: unknown) => failures.push(error));
      await store.head().catch((error: unknown) => failures.push(error));
      expect(failures).to.have.length(3);
      for (const failure of failures) expect(failure).to.be.instanceOf(EventStoreUnavailableError);
      expect(store.fatalError(), 'only a restart clears it').to.be.instanceOf(EventStoreUnavailableError);
      expect(await store.probe().then(() => 'passed', () => 'failed')).to.equal('failed');
    });

    for (const fault of ['full', 'read-only'] as const) {
      it(`on a ${fault} disk fails appends and probes as unavailable, keeps every acknowledged event, and works again once the disk does`, async () => {
        const disk = faultyDisk();
        const store = await openStore({ io: disk.io, segmentBytes: 4096 });
        const acknowledged: string[] = [];
        for (let i = 0; i < 5; i += 1) acknowledged.push((await store.append(sampleEvent({ deliveryId: `before-${i}` }))).offset);
        disk.set(fault);
        const failures = await Promise.all([
          ...Array.from({ length: 30 }, (_, i) => store.append(sampleEvent({ deliveryId: `during-${i}` })).then(() => null, (error: unknown) => error)),
          store.probe().then(() => null, (error: unknown) => error),
        ]);
        for (const failure of failures) {
          expect(failure).to.be.instanceOf(EventStoreUnavailableError);
          expect((failure as Error).message).to.include(fault === 'full' ? 'ENOSPC' : 'EROFS');
        }
        expect(store.fatalError(), 'a write that failed is not fatal').to.equal(null);
        disk.set(null);
        await store.probe();
        for (let i = 0; i < 30; i += 1) await store.append(sampleEvent({ deliveryId: `during-${i}`, body: 'x'.repeat(300) }));
        const kept = (await collect(store.read(null))).map((e) => e.deliveryId);
        expect(kept).to.deep.equal([...Array.from({ length: 5 }, (_, i) => `before-${i}`), ...Array.from({ length: 30 }, (_, i) => `during-${i}`)]);
        expect((await listSegments(dir)).length, 'segments rolled once the disk was writable again').to.be.greaterThan(1);
        await store.close();
        const reopened = await openStore();
        expect((await collect(reopened.read(null))).map((e) => e.deliveryId), 'and the log reopens intact').to.deep.equal(kept);
      });
    }
  });

  describe('readers', () => {
    it('follow the writer from another store instance, across segment rolls, without gaps', async () => {
      const writer = await openStore({ segmentBytes: 2048 });
      const reader = await openStore();
      let offset: string | null = null;
      const seen: string[] = [];
      const writing = (async () => {
        for (let batch = 0; batch < 30; batch += 1) {
          await Promise.all(Array.from({ length: 10 }, (_, i) => writer.append(sampleEvent({ deliveryId: `w${batch * 10 + i}` }))));
        }
      })();
      let done = false;
      void writing.then(() => (done = true));
      while (!done || seen.length < 300) {
        for await (const event of reader.read(offset)) {
          seen.push(event.offset);
          offset = event.offset;
        }
        if (done && seen.length < 300 && offset === (await writer.head())) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writing;
      expect(seen).to.deep.equal(Array.from({ length: 300 }, (_, i) => String(i + 1)));
      expect((await listSegments(dir)).length).to.be.greaterThan(5);
    });

    it('need no lock and leave none behind', async () => {
      const store = await openStore();
      await store.head();
      await store.covers(null);
      await collect(store.read(null));
      expect(await readdir(dir)).to.deep.equal(['store-id']);
    });
  });

  describe('one writer per directory', () => {
    it('refuses a second writer in this process', async () => {
      const first = await openStore();
      await first.append(sampleEvent());
      const second = await openStore();
      let failure: unknown;
      await second.append(sampleEvent()).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(ConfigError);
      expect((failure as Error).message).to.match(/already written by .*Redis/s);
    });

    it('refuses a live writer in another process, and takes its lock over once it was SIGKILLed', async function () {
      this.timeout(30_000);
      const holder = spawnTsEntry('./lock-holder.ts', [dir]);
      try {
        await waitForLine(holder, /^LOCKED$/);
        const store = await openStore();
        let failure: unknown;
        await store.append(sampleEvent()).catch((error: unknown) => (failure = error));
        expect(failure).to.be.instanceOf(ConfigError);
        expect((failure as Error).message).to.include(`pid ${holder.pid}`).and.include('redis://');
      } finally {
        holder.kill('SIGKILL');
        await exitOf(holder);
      }
      const lock = JSON.parse(await readFile(join(dir, 'writer.lock'), 'utf8')) as { pid: number };
      expect(lock.pid, 'SIGKILL left the lock behind').to.equal(holder.pid);
      const store = await openStore();
      expect(await store.append(sampleEvent())).to.deep.equal({ offset: '1', duplicate: false });
    });
  });

  describe('its directory', () => {
    it('is created when missing, with a store id that stays', async () => {
      const store = await openStore();
      const id = await store.id();
      expect((await readFile(join(dir, 'store-id'), 'utf8')).trim()).to.equal(id);
      await store.close();
      expect(await (await openStore()).id()).to.equal(id);
    });

    it('is named in the error when it cannot be created', async () => {
      const blocker = join(dir, '..', 'a-file');
      await writeFile(blocker, 'not a directory');
      let failure: unknown;
      await openFileEventStore(join(blocker, 'events'), { retention }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(ConfigError);
      expect((failure as Error).message).to.include(join(blocker, 'events'));
    });

    it('is refused at once, never looping, where directories cannot be made (under /proc)', async function () {
      if (!(await stat('/proc/self').then(() => true, () => false))) this.skip();
      for (const location of ['/proc/source-coding-events', '/proc/source-coding/events/deeper', '/proc/self/fd/0/events']) {
        let failure: unknown;
        await openFileEventStore(location, { retention }).catch((error: unknown) => (failure = error));
        expect(failure, location).to.be.instanceOf(ConfigError);
        expect((failure as Error).message).to.include(location);
      }
    });

    it('is refused when the location is a file', async () => {
      const file = join(dir, '..', 'plain-file');
      await writeFile(file, 'x');
      let failure: unknown;
      await openFileEventStore(file, { retention }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(ConfigError);
      expect((failure as Error).message).to.include('is not a directory');
    });
  });
});
