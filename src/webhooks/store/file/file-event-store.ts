import { resolve } from 'node:path';
import { silentLog, type WebhookLog } from '../../log.js';
import { stat } from 'node:fs/promises';
import type { AppendResult, EventStore, IncomingEvent, RetainedSize, RetentionOptions, StoredEvent } from '../event-store.js';
import { EventStoreUnavailableError, invalidOffset } from '../store-errors.js';
import { nodeFileIo, type LogFileIo } from './log-file-io.js';
import { readEventLog, readLogBounds } from './log-reader.js';
import { LogWriter } from './log-writer.js';
import { listSegments } from './segment-files.js';
import { prepareStoreDirectory } from './store-directory.js';

export interface FileEventStoreOptions {
  retention: RetentionOptions;
  /** fsync each group commit (default true). Off only for tests and benchmarks of the rest. */
  fsync?: boolean;
  /** Size at which the writer starts a new segment; retention deletes whole segments. */
  segmentBytes?: number;
  /** Clock for retention by age (tests). */
  now?: () => number;
  log?: WebhookLog;
  lock?: { heartbeatMs?: number; staleAfterMs?: number };
  /** How the writer opens the files it writes (tests: a disk that fails on demand). */
  io?: LogFileIo;
}

/**
 * A log in a directory, for one receiver and any number of readers in other processes. The writer
 * lock is taken by the first `append` or `applyRetention`, so a process that only reads (a sync)
 * never takes it and never conflicts with the running receiver.
 */
export async function openFileEventStore(directory: string, options: FileEventStoreOptions): Promise<EventStore> {
  const absolute = resolve(directory);
  const id = await prepareStoreDirectory(absolute);
  return new FileEventStore(absolute, id, options);
}

/** Segments of 1/8 of the size budget keep size retention fine-grained; bounded for sane file sizes. */
export function defaultSegmentBytes(maxBytes: number): number {
  return Math.min(64 * 1024 * 1024, Math.max(4 * 1024, Math.floor(maxBytes / 8)));
}

class FileEventStore implements EventStore {
  readonly kind = 'file' as const;
  readonly #directory: string;
  readonly #id: string;
  readonly #options: FileEventStoreOptions;
  #writer: Promise<LogWriter> | null = null;
  /** The same writer once open, for what must be answered without waiting (fatalError). */
  #openedWriter: LogWriter | null = null;
  #closed = false;

  constructor(directory: string, id: string, options: FileEventStoreOptions) {
    this.#directory = directory;
    this.#id = id;
    this.#options = options;
  }

  async id(): Promise<string> {
    return this.#id;
  }

  async append(event: IncomingEvent): Promise<AppendResult> {
    return (await this.#openWriter()).append(event);
  }

  async head(): Promise<string | null> {
    const head = this.#writer === null ? (await readLogBounds(this.#directory)).head : (await this.#writer).head();
    return head === null ? null : String(head);
  }

  async covers(offset: string | null): Promise<boolean> {
    const after = offset === null ? 0 : parseOffset(offset);
    let firstSeq: number;
    let head: number;
    if (this.#writer === null) {
      const bounds = await readLogBounds(this.#directory);
      firstSeq = bounds.firstSeq ?? 1;
      head = bounds.head ?? 0;
    } else {
      const writer = await this.#writer;
      firstSeq = writer.firstSeq();
      head = writer.head() ?? 0;
    }
    // An offset past the head was not handed out by this log as it is now (a log restored from an
    // older backup, say): the reader must not trust what it thinks it has seen.
    return after <= head && after + 1 >= firstSeq;
  }

  async *read(after: string | null): AsyncIterable<StoredEvent> {
    this.#assertOpen();
    yield* readEventLog(this.#directory, after === null ? null : parseOffset(after));
  }

  async applyRetention(): Promise<void> {
    await (await this.#openWriter()).applyRetention();
  }

  async probe(): Promise<void> {
    await (await this.#openWriter()).probe();
  }

  async retained(): Promise<RetainedSize> {
    if (this.#openedWriter !== null) return this.#openedWriter.retained();
    const segments = await listSegments(this.#directory);
    const sizes = await Promise.all(segments.map((s) => stat(s.path).then((st) => st.size, () => 0)));
    const { firstSeq, head } = await readLogBounds(this.#directory);
    return { events: firstSeq === null || head === null ? 0 : head - firstSeq + 1, bytes: sizes.reduce((a, b) => a + b, 0) };
  }

  fatalError(): Error | null {
    return this.#openedWriter?.failure() ?? null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const writer = this.#writer;
    if (writer !== null) await (await writer.catch(() => null))?.close();
  }

  #openWriter(): Promise<LogWriter> {
    this.#assertOpen();
    if (this.#writer === null) {
      const maxBytes = this.#options.retention.maxBytes;
      const opening = LogWriter.open(this.#directory, {
        retention: this.#options.retention,
        fsync: this.#options.fsync ?? true,
        segmentBytes: this.#options.segmentBytes ?? defaultSegmentBytes(maxBytes),
        now: this.#options.now ?? Date.now,
        log: this.#options.log ?? silentLog,
        lock: this.#options.lock ?? {},
        io: this.#options.io ?? nodeFileIo,
      });
      this.#writer = opening;
      // A failed open (live writer elsewhere, unreadable log) may succeed later: do not cache it.
      opening.then(
        (writer) => {
          if (this.#writer === opening) this.#openedWriter = writer;
        },
        () => {
          if (this.#writer === opening) this.#writer = null;
        },
      );
    }
    return this.#writer;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreUnavailableError(`the event store ${this.#directory} is closed`);
  }
}

function parseOffset(offset: string): number {
  const value = /^\d{1,16}$/.test(offset) ? Number(offset) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw invalidOffset(offset, 'directory');
  return value;
}
