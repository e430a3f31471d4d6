/**
 * The durable log that sits between the webhook receiver (which appends Coding Service Hook
 * deliveries) and `read` in webhook mode (which replays them after the offset kept in STATE).
 *
 * Offsets are opaque strings chosen by each implementation; callers only hand back offsets that the
 * same store gave them (an offset of the wrong form is refused with a ConfigError). Several independent
 * readers (several Airbyte connections) may read one store, each with its own offset: reading never
 * consumes or deletes anything; only retention does.
 * - directory store: "1", "2", … (sequence numbers without gaps);
 * - Redis store: "<event number>:<stream id>", e.g. "42:1714492800000-0".
 *
 * Open one with createEventStore (create-event-store.ts).
 */

/** A delivery as the receiver accepted it (signature already verified, JSON already checked). */
export interface IncomingEvent {
  /** X-Coding-Delivery, or a digest of the body when Coding sent none; duplicates are stored once. */
  deliveryId: string;
  /** Event code, e.g. ISSUE_UPDATED, MEMBER_DELETED. */
  event: string;
  /** Project name (body.project.name), so readers can filter without parsing every body. */
  projectName: string;
  /** Wall-clock time the receiver got the delivery (epoch ms). */
  receivedAt: number;
  /** The raw JSON body exactly as received (UTF-8). */
  body: string;
}

export interface StoredEvent extends IncomingEvent {
  offset: string;
}

export interface AppendResult {
  offset: string;
  /** True when this delivery id was already stored: nothing new was written. */
  duplicate: boolean;
}

export interface EventStore {
  readonly kind: 'file' | 'redis';
  /**
   * A stable identity of this log, created with it. A reader keeps it beside its offset, so that an
   * offset saved against a store that was since wiped and recreated is never trusted.
   */
  id(): Promise<string>;
  /** Resolves only once the event is durable (fsync'd file, or acknowledged by Redis). */
  append(event: IncomingEvent): Promise<AppendResult>;
  /** Offset of the newest stored event (even if retention dropped it since), or null when nothing was ever stored. */
  head(): Promise<string | null>;
  /**
   * Whether every event stored after `offset` is still retained. False means retention dropped
   * events the reader has not seen: it must fall back to a full snapshot. `null` means "from the
   * very beginning of the log". An offset past the head is not covered either (the log was replaced
   * by an older copy): the reader must not trust what it believes it has seen.
   */
  covers(offset: string | null): Promise<boolean>;
  /** Events with an offset greater than `after` (all retained ones when null), oldest first, streamed. */
  read(after: string | null): AsyncIterable<StoredEvent>;
  /**
   * Applies time/size retention now (the receiver also does it periodically). Directory store: this
   * makes the process the writer (it takes the lock), so only the receiver should call it.
   * Retention is coarse: the directory store deletes whole segments and keeps the newest event;
   * Redis trims by age exactly and by size on an estimate of the stream's memory.
   */
  applyRetention(): Promise<void>;
  /**
   * Checks, without storing an event, that an append could be stored now: the directory store writes,
   * fsyncs and deletes a small file beside its log; Redis sets a short-lived key. Rejects with the
   * reason when it could not (full or read-only disk, Redis down or refusing writes). Like `append`,
   * this makes a directory store's process the writer.
   */
  probe(): Promise<void>;
  /** What the log holds now, for monitoring: retained events and their size on disk (Redis: its memory estimate). */
  retained(): Promise<RetainedSize>;
  /**
   * A failure that only a restart can clear (a failed fsync, a writer lock lost to another process),
   * or null. A store that is merely unreachable or full is not failed: it may recover on its own.
   */
  fatalError(): Error | null;
  close(): Promise<void>;
}

export interface RetainedSize {
  events: number;
  bytes: number;
}

export interface RetentionOptions {
  /** Events older than this are dropped (default 7 days). */
  maxAgeMs: number;
  /** The log is kept under this many bytes (file store) / entries are trimmed accordingly (Redis). */
  maxBytes: number;
}

/** Seven days, and at most 1 GiB. */
export const DEFAULT_RETENTION: RetentionOptions = {
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  maxBytes: 1024 * 1024 * 1024,
};
