import { unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, ConnectorError } from '../../../errors.js';
import type { WebhookLog } from '../../log.js';
import type { AppendResult, IncomingEvent, RetainedSize, RetentionOptions } from '../event-store.js';
import { EventLogCorruptError, EventStoreUnavailableError } from '../store-errors.js';
import type { LogFileIo } from './log-file-io.js';
import { corruption } from './log-reader.js';
import { MAX_PAYLOAD_BYTES, decodeIndexFields, encodeRecord } from './record-codec.js';
import { errorCode, listSegments, segmentPath, syncDirectory, type SegmentFile } from './segment-files.js';
import { SegmentScanner } from './segment-scanner.js';
import { acquireWriterLock, type WriterLock } from './writer-lock.js';

export interface LogWriterOptions {
  retention: RetentionOptions;
  fsync: boolean;
  segmentBytes: number;
  now: () => number;
  log: WebhookLog;
  lock: { heartbeatMs?: number; staleAfterMs?: number };
  io: LogFileIo;
}

interface SegmentState extends SegmentFile {
  bytes: number;
  records: number;
  newestReceivedAt: number;
}

interface PendingAppend {
  event: IncomingEvent;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

/** Records per write+fsync: enough to amortise the fsync, small enough to keep latency even. */
const MAX_BATCH = 512;

/** What the write probe writes: a page, so that a disk with no room for one is not reported writable. */
const PROBE_BYTES = Buffer.alloc(4096, 0x2e);

/**
 * The single writer of a directory log. Appends are group-committed: while one batch is being
 * written and fsync'd, new appends queue up, and the next batch writes all of them with one write and
 * one fsync, so throughput grows with concurrency instead of being capped at one fsync per event.
 */
export class LogWriter {
  readonly #directory: string;
  readonly #options: LogWriterOptions;
  readonly #lock: WriterLock;
  readonly #segments: SegmentState[];
  #active: FileHandle;
  #nextSeq: number;
  /** deliveryId → sequence number, for every retained record: deduplication across restarts. */
  readonly #index: Map<string, number>;
  readonly #pendingById = new Map<string, Promise<AppendResult>>();
  #queue: PendingAppend[] = [];
  #flushing: Promise<void> | null = null;
  /** Writes, rolls and retention touch the same files: they run one after another. */
  #serial: Promise<unknown> = Promise.resolve();
  #failure: ConnectorError | null = null;
  #closing = false;

  private constructor(directory: string, options: LogWriterOptions, lock: WriterLock, recovered: Recovered) {
    this.#directory = directory;
    this.#options = options;
    this.#lock = lock;
    this.#segments = recovered.segments;
    this.#active = recovered.active;
    this.#nextSeq = recovered.nextSeq;
    this.#index = recovered.index;
  }

  static async open(directory: string, options: LogWriterOptions): Promise<LogWriter> {
    let writer: LogWriter | undefined;
    let lostBeforeOpen: string | undefined;
    const lock = await acquireWriterLock(directory, {
      ...options.lock,
      onLost: (reason) => {
        options.log('ERROR', `${reason}; this receiver stops storing events.`);
        if (writer === undefined) lostBeforeOpen = reason;
        else writer.#fail(new ConfigError(`${reason}; restart the receiver (only one may write a directory store).`));
      },
    });
    try {
      const recovered = await recover(directory, options);
      writer = new LogWriter(directory, options, lock, recovered);
      if (lostBeforeOpen !== undefined) writer.#fail(new ConfigError(lostBeforeOpen));
      return writer;
    } catch (error) {
      await lock.release();
      if (error instanceof ConnectorError) throw error;
      // A log the receiver cannot even recover (read-only, unreadable) is the setup's to fix, not a bug.
      throw new ConfigError(`cannot open the event log in ${directory}: ${errorCode(error) ?? String(error)}`, { cause: error });
    }
  }

  append(event: IncomingEvent): Promise<AppendResult> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new EventStoreUnavailableError('the event store is closing'));
    const storedSeq = this.#index.get(event.deliveryId);
    if (storedSeq !== undefined) return Promise.resolve({ offset: String(storedSeq), duplicate: true });
    const pending = this.#pendingById.get(event.deliveryId);
    if (pending !== undefined) return pending.then((result) => ({ offset: result.offset, duplicate: true }));
    const size = [event.deliveryId, event.event, event.projectName, event.body].reduce((n, s) => n + 4 + Buffer.byteLength(s), 8);
    if (size > MAX_PAYLOAD_BYTES) return Promise.reject(new RangeError(`an event of ${size} bytes exceeds the log's record limit`));

    const appended = new Promise<AppendResult>((resolve, reject) => this.#queue.push({ event, resolve, reject }));
    this.#pendingById.set(event.deliveryId, appended);
    // The duplicate path above may chain on it; the caller handles the rejection itself.
    appended.catch(() => undefined);
    if (this.#flushing === null) this.#flushing = this.#flushLoop();
    return appended;
  }

  /** Sequence number of the newest durable record, or null when the log never held one. */
  head(): number | null {
    if (this.#failure !== null) throw this.#failure;
    return this.#nextSeq > 1 ? this.#nextSeq - 1 : null;
  }

  firstSeq(): number {
    return this.#segments[0]?.firstSeq ?? this.#nextSeq;
  }

  retained(): RetainedSize {
    return this.#segments.reduce((size, s) => ({ events: size.events + s.records, bytes: size.bytes + s.bytes }), { events: 0, bytes: 0 });
  }

  /** The failure that stopped this writer for good (only a restart clears it), or null. */
  failure(): ConnectorError | null {
    return this.#failure;
  }

  /** Writes, syncs and deletes a page beside the log: can an append be stored right now? */
  async probe(): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    const path = join(this.#directory, `.write-probe-${process.pid}`);
    try {
      const handle = await this.#options.io.open(path, 'w');
      try {
        await writeAll(handle, PROBE_BYTES, 0);
        if (this.#options.fsync) await handle.datasync();
      } finally {
        await handle.close().catch(() => undefined);
      }
    } catch (error) {
      throw this.#unavailable('cannot write', error);
    } finally {
      await unlink(path).catch(() => undefined);
    }
  }

  applyRetention(): Promise<void> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return this.#exclusive(() => this.#retain());
  }

  async close(): Promise<void> {
    this.#closing = true;
    while (this.#flushing !== null) await this.#flushing;
    await this.#serial.catch(() => undefined);
    await this.#active.close().catch(() => undefined);
    await this.#lock.release();
  }

  async #flushLoop(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      await this.#exclusive(() => this.#commit(batch)).catch((error: unknown) => {
        // A bug, not an I/O failure (those settle the batch themselves): never leave a request hanging.
        for (const pending of batch) {
          this.#pendingById.delete(pending.event.deliveryId);
          pending.reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    }
    this.#flushing = null;
  }

  async #commit(batch: PendingAppend[]): Promise<void> {
    const settle = (error: Error | null, firstSeq = 0): void => {
      batch.forEach((pending, i) => {
        this.#pendingById.delete(pending.event.deliveryId);
        if (error === null) pending.resolve({ offset: String(firstSeq + i), duplicate: false });
        else pending.reject(error);
      });
    };
    if (this.#failure !== null) return settle(this.#failure);

    const firstSeq = this.#nextSeq;
    const bytes = Buffer.concat(batch.map((pending, i) => encodeRecord(firstSeq + i, pending.event)));
    let active = this.#activeSegment();
    try {
      if (active.bytes > 0 && active.bytes + bytes.length > this.#options.segmentBytes) active = await this.#roll();
      await writeAll(this.#active, bytes, active.bytes);
    } catch (error) {
      // Nothing of this batch was acknowledged: cut the file back so the log stays clean and the next
      // batch can go on (a full disk may get space back).
      try {
        await this.#active.truncate(active.bytes);
      } catch {
        this.#fail(this.#unavailable('cannot undo a failed write', error));
      }
      return settle(this.#unavailable('cannot write', error));
    }
    if (this.#options.fsync) {
      try {
        await this.#active.datasync();
      } catch (error) {
        // After a failed fsync the kernel may have dropped the dirty pages: no later fsync can be
        // trusted for them. Only a restart (which re-reads the log) can tell what is on disk.
        const failure = this.#unavailable('fsync failed; restart the receiver', error);
        this.#fail(failure);
        return settle(failure);
      }
    }
    active.bytes += bytes.length;
    active.records += batch.length;
    for (const [i, pending] of batch.entries()) {
      this.#index.set(pending.event.deliveryId, firstSeq + i);
      active.newestReceivedAt = Math.max(active.newestReceivedAt, pending.event.receivedAt);
    }
    this.#nextSeq = firstSeq + batch.length;
    settle(null, firstSeq);
  }

  async #roll(): Promise<SegmentState> {
    const path = segmentPath(this.#directory, this.#nextSeq);
    // A file of that name can only be left by a roll that failed half-way: it holds nothing acknowledged.
    const handle = await this.#options.io.open(path, 'w+');
    try {
      if (this.#options.fsync) await syncDirectory(this.#directory);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    const previous = this.#active;
    this.#active = handle;
    await previous.close().catch(() => undefined);
    const segment: SegmentState = { firstSeq: this.#nextSeq, path, bytes: 0, records: 0, newestReceivedAt: 0 };
    this.#segments.push(segment);
    return segment;
  }

  async #retain(): Promise<void> {
    const { maxAgeMs, maxBytes } = this.#options.retention;
    const cutoff = this.#options.now() - maxAgeMs;
    // Whole segments are deleted and the newest one never is: start a fresh one when the current one
    // holds only expired events, so that they can go too.
    if (this.#activeSegment().records > 0 && this.#activeSegment().newestReceivedAt < cutoff) await this.#roll();
    let total = this.#segments.reduce((sum, s) => sum + s.bytes, 0);
    let dropped = 0;
    while (this.#segments.length > 1) {
      const oldest = this.#segments[0]!;
      if (oldest.newestReceivedAt >= cutoff && total <= maxBytes) break;
      await unlink(oldest.path).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw this.#unavailable(`cannot delete ${oldest.path}`, error);
      });
      this.#segments.shift();
      total -= oldest.bytes;
      dropped += oldest.records;
    }
    if (dropped === 0) return;
    if (this.#options.fsync) await syncDirectory(this.#directory);
    const firstSeq = this.firstSeq();
    for (const [deliveryId, seq] of this.#index) if (seq < firstSeq) this.#index.delete(deliveryId);
    this.#options.log('INFO', `event store retention dropped ${dropped} events; the oldest retained offset is now ${firstSeq}.`);
  }

  #activeSegment(): SegmentState {
    return this.#segments.at(-1)!;
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(task, task);
    this.#serial = run.catch(() => undefined);
    return run;
  }

  #fail(error: ConnectorError): void {
    this.#failure ??= error;
  }

  #unavailable(what: string, error: unknown): EventStoreUnavailableError {
    return new EventStoreUnavailableError(`event store ${this.#directory}: ${what}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
}

interface Recovered {
  segments: SegmentState[];
  active: FileHandle;
  nextSeq: number;
  index: Map<string, number>;
}

/**
 * Reads every retained segment once: rebuilds the dedup index, checks the chain of sequence numbers,
 * and cuts a torn tail off the newest segment (a write that a crash interrupted, never acknowledged).
 * Damage followed by intact records is not a torn tail: opening fails rather than lose them.
 */
async function recover(directory: string, options: LogWriterOptions): Promise<Recovered> {
  const files = await listSegments(directory);
  if (files.length === 0) {
    const path = segmentPath(directory, 1);
    const active = await openSegmentFile(options.io, path, 'wx+');
    if (options.fsync) await syncDirectory(directory);
    return { segments: [{ firstSeq: 1, path, bytes: 0, records: 0, newestReceivedAt: 0 }], active, nextSeq: 1, index: new Map() };
  }
  const index = new Map<string, number>();
  const segments: SegmentState[] = [];
  let expectedSeq = files[0]!.firstSeq;
  for (const [i, file] of files.entries()) {
    const newest = i === files.length - 1;
    if (file.firstSeq !== expectedSeq) {
      throw new EventLogCorruptError(`event log ${file.path} starts at offset ${file.firstSeq} but the previous segment ends before ${expectedSeq}; events are missing.`);
    }
    const handle = await openSegmentFile(options.io, file.path, newest ? 'r+' : 'r');
    let keepOpen = false;
    try {
      const scanner = new SegmentScanner(handle, 0, file.firstSeq);
      const segment: SegmentState = { ...file, bytes: 0, records: 0, newestReceivedAt: 0 };
      let step = await scanner.next();
      for (; step.kind === 'record'; step = await scanner.next()) {
        const { deliveryId, receivedAt } = decodeIndexFields(step.payload);
        index.set(deliveryId, step.seq);
        segment.records += 1;
        segment.newestReceivedAt = Math.max(segment.newestReceivedAt, receivedAt);
      }
      segment.bytes = scanner.position;
      expectedSeq = scanner.expectedSeq;
      if (step.kind !== 'end') {
        const intactAfter = step.kind === 'invalid' && (await scanner.hasValidRecordAfter(step.position, expectedSeq));
        if (!newest || intactAfter) throw corruption(file, step);
        const size = (await handle.stat()).size;
        await handle.truncate(step.position);
        await handle.sync();
        options.log('WARN', `event log ${file.path}: cut ${size - step.position} bytes of a write interrupted by a crash (${step.reason}); events up to offset ${expectedSeq - 1} are intact.`);
      }
      segments.push(segment);
      if (newest) {
        keepOpen = true;
        return { segments, active: handle, nextSeq: expectedSeq, index };
      }
    } finally {
      if (!keepOpen) await handle.close();
    }
  }
  throw new Error('unreachable: the loop returns at the newest segment');
}

async function openSegmentFile(io: LogFileIo, path: string, flags: string): Promise<FileHandle> {
  try {
    return await io.open(path, flags);
  } catch (error) {
    throw new ConfigError(`cannot open the event log ${path}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}
