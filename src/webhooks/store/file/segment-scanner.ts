import type { FileHandle } from 'node:fs/promises';
import { HEADER_BYTES, RECORD_MAGIC, parseHeader, recordChecksum } from './record-codec.js';

export type ScanStep =
  /** `payload` is a view into the scanner's buffer: valid until the next call. */
  | { kind: 'record'; seq: number; start: number; end: number; payload: Buffer }
  /** No byte after `position` (yet). */
  | { kind: 'end'; position: number }
  /** A record starts at `position` but the file ends inside it: a tail being written, or torn. */
  | { kind: 'incomplete'; position: number; reason: string }
  /** Complete bytes at `position` that are not the record expected there. */
  | { kind: 'invalid'; position: number; reason: string };

const CHUNK_BYTES = 64 * 1024;

/**
 * Walks the records of one segment from a position, reading it in chunks so that memory stays bounded
 * by the largest record, however big the segment. After `end` or `incomplete`, calling `next()` again
 * looks at the file afresh: a writer may have appended since.
 */
export class SegmentScanner {
  #buffer = Buffer.alloc(0);
  #bufferPosition = 0;
  #bufferLength = 0;
  #position: number;
  #expectedSeq: number;

  constructor(
    private readonly file: FileHandle,
    position: number,
    expectedSeq: number,
  ) {
    this.#position = position;
    this.#expectedSeq = expectedSeq;
  }

  /** Where the next record is expected. */
  get position(): number {
    return this.#position;
  }

  /** Sequence number the next record must carry. */
  get expectedSeq(): number {
    return this.#expectedSeq;
  }

  async next(): Promise<ScanStep> {
    const start = this.#position;
    const header = await this.#bytesAt(start, HEADER_BYTES);
    if (header === null) {
      return (await this.#bytesAt(start, 1)) === null
        ? { kind: 'end', position: start }
        : { kind: 'incomplete', position: start, reason: 'the file ends inside a record header' };
    }
    const parsed = parseHeader(header);
    if (parsed === null) return { kind: 'invalid', position: start, reason: 'no valid record header' };
    const lengthAndSeq = Buffer.from(header.subarray(4, 16));
    const { payloadLength, seq, checksum } = parsed;
    const payload = await this.#bytesAt(start + HEADER_BYTES, payloadLength);
    if (payload === null) return { kind: 'incomplete', position: start, reason: 'the file ends inside a record' };
    if (recordChecksum(lengthAndSeq, payload) !== checksum) return { kind: 'invalid', position: start, reason: 'CRC mismatch' };
    if (seq !== this.#expectedSeq) {
      return { kind: 'invalid', position: start, reason: `sequence number ${seq} where ${this.#expectedSeq} was expected` };
    }
    const end = start + HEADER_BYTES + payloadLength;
    this.#position = end;
    this.#expectedSeq = seq + 1;
    return { kind: 'record', seq, start, end, payload };
  }

  /**
   * Whether an intact record numbered at least `minSeq` lies anywhere after `position`. Tells a
   * torn tail (nothing valid follows the damage: the bytes of an interrupted write) from corruption
   * in the middle of acknowledged data (valid records follow it).
   */
  async hasValidRecordAfter(position: number, minSeq: number): Promise<boolean> {
    let from = position + 1;
    for (;;) {
      const chunk = await this.#readAvailable(from, CHUNK_BYTES);
      if (chunk.length < RECORD_MAGIC.length) return false;
      const hit = chunk.indexOf(RECORD_MAGIC);
      if (hit < 0) {
        from += chunk.length - (RECORD_MAGIC.length - 1);
        continue;
      }
      const candidate = from + hit;
      if (await this.#isValidRecordAt(candidate, minSeq)) return true;
      from = candidate + 1;
    }
  }

  async #isValidRecordAt(position: number, minSeq: number): Promise<boolean> {
    const header = await this.#readAvailable(position, HEADER_BYTES);
    if (header.length < HEADER_BYTES) return false;
    const parsed = parseHeader(header);
    if (parsed === null || parsed.seq < minSeq) return false;
    const payload = await this.#readAvailable(position + HEADER_BYTES, parsed.payloadLength);
    if (payload.length < parsed.payloadLength) return false;
    return recordChecksum(header.subarray(4, 16), payload) === parsed.checksum;
  }

  /** Exactly `length` bytes at `position` (a view into the buffer), or null when the file is shorter. */
  async #bytesAt(position: number, length: number): Promise<Buffer | null> {
    const cachedEnd = this.#bufferPosition + this.#bufferLength;
    if (position >= this.#bufferPosition && position + length <= cachedEnd) {
      const from = position - this.#bufferPosition;
      return this.#buffer.subarray(from, from + length);
    }
    const size = Math.max(CHUNK_BYTES, length);
    // A record larger than a chunk gets a buffer of its own, dropped at the next refill.
    if (this.#buffer.length !== size) this.#buffer = Buffer.allocUnsafe(size);
    this.#bufferPosition = position;
    this.#bufferLength = await readInto(this.file, this.#buffer, position);
    return this.#bufferLength >= length ? this.#buffer.subarray(0, length) : null;
  }

  /** A copy of up to `length` bytes at `position`, fewer at the end of the file. */
  async #readAvailable(position: number, length: number): Promise<Buffer> {
    const target = Buffer.allocUnsafe(length);
    const filled = await readInto(this.file, target, position);
    return target.subarray(0, filled);
  }
}

async function readInto(file: FileHandle, target: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < target.length) {
    const { bytesRead } = await file.read(target, filled, target.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
