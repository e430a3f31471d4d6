import { open, type FileHandle } from 'node:fs/promises';
import type { StoredEvent } from '../event-store.js';
import { EventLogCorruptError, EventStoreUnavailableError } from '../store-errors.js';
import { decodePayload } from './record-codec.js';
import { errorCode, listSegments, type SegmentFile } from './segment-files.js';
import { SegmentScanner, type ScanStep } from './segment-scanner.js';

/**
 * Streams the records after `after` straight from the segment files, so that a reader needs no lock
 * and can run beside the writer. It stops quietly at the current end of the newest segment
 * (including a record still being written, or a torn tail the writer will cut on restart) and throws
 * EventLogCorruptError at damage that intact records follow.
 */
export async function* readEventLog(directory: string, after: number | null): AsyncGenerator<StoredEvent> {
  let segments = await listSegments(directory);
  let segment = startSegment(segments, after);
  while (segment !== undefined) {
    const current = segment;
    const handle = await openSegment(current);
    try {
      const scanner = new SegmentScanner(handle, 0, current.firstSeq);
      let next: SegmentFile | undefined;
      for (;;) {
        let step = await scanner.next();
        for (; step.kind === 'record'; step = await scanner.next()) {
          if (after === null || step.seq > after) yield { ...decodePayload(step.payload), offset: String(step.seq) };
        }
        if (next === undefined) {
          segments = await listSegments(directory);
          next = segments.find((s) => s.firstSeq > current.firstSeq);
          if (next === undefined) {
            await assertTornTailOnly(scanner, step, current);
            return;
          }
          // A newer segment exists, so this one is final: read what was appended to it before the roll.
          continue;
        }
        if (step.kind !== 'end') throw corruption(current, step);
        if (next.firstSeq !== scanner.expectedSeq) {
          throw new EventLogCorruptError(
            `event log ${current.path} ends before offset ${scanner.expectedSeq} but the next segment starts at ${next.firstSeq}; events are missing.`,
          );
        }
        break;
      }
      segment = next;
    } finally {
      await handle.close();
    }
  }
}

/** First and last sequence numbers present on disk, without holding the writer lock. */
export async function readLogBounds(directory: string): Promise<{ firstSeq: number | null; head: number | null }> {
  const segments = await listSegments(directory);
  const newest = segments.at(-1);
  if (newest === undefined) return { firstSeq: null, head: null };
  const handle = await openSegment(newest);
  try {
    const scanner = new SegmentScanner(handle, 0, newest.firstSeq);
    while ((await scanner.next()).kind === 'record');
    const head = scanner.expectedSeq - 1;
    return { firstSeq: segments[0]?.firstSeq ?? null, head: head > 0 ? head : null };
  } finally {
    await handle.close();
  }
}

function startSegment(segments: SegmentFile[], after: number | null): SegmentFile | undefined {
  if (after === null) return segments[0];
  let start = segments[0];
  for (const segment of segments) if (segment.firstSeq <= after + 1) start = segment;
  return start;
}

async function openSegment(segment: SegmentFile): Promise<FileHandle> {
  try {
    return await open(segment.path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new EventStoreUnavailableError(`event log ${segment.path} was dropped by retention while being read; read again.`);
    }
    throw new EventStoreUnavailableError(`cannot open event log ${segment.path}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
}

async function assertTornTailOnly(scanner: SegmentScanner, step: ScanStep, segment: SegmentFile): Promise<void> {
  if (step.kind !== 'invalid') return;
  if (await scanner.hasValidRecordAfter(step.position, scanner.expectedSeq)) throw corruption(segment, step);
}

export function corruption(segment: SegmentFile, step: ScanStep): EventLogCorruptError {
  const reason = step.kind === 'invalid' || step.kind === 'incomplete' ? step.reason : step.kind;
  const position = step.kind === 'record' ? step.start : step.position;
  return new EventLogCorruptError(
    `event log ${segment.path} is damaged at byte ${position} (${reason}) and intact events follow; ` +
      'reading stops here rather than skip them. Restore the directory from a backup, or move it away to start a new store (every connection then takes a full snapshot).',
  );
}
