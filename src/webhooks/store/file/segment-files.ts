import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../../errors.js';

/** A segment is named after the sequence number of its first record, so listing gives the order. */
export interface SegmentFile {
  firstSeq: number;
  path: string;
}

const SEGMENT_NAME = /^events-(\d{20})\.log$/;

export function segmentPath(directory: string, firstSeq: number): string {
  return join(directory, `events-${String(firstSeq).padStart(20, '0')}.log`);
}

/** Oldest first; an empty list when the directory does not exist (yet). */
export async function listSegments(directory: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw new ConfigError(`cannot list the event store directory ${directory}: ${errorCode(error) ?? String(error)}`, { cause: error });
  }
  const segments: SegmentFile[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1] !== undefined) segments.push({ firstSeq: Number(match[1]), path: join(directory, name) });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Makes a created, renamed or deleted file name durable (fsync of a file does not cover its entry). */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
