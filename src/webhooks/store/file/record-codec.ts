import { crc32 } from 'node:zlib';
import type { IncomingEvent } from '../event-store.js';

/**
 * One record of the file log:
 *
 *   offset  size  field
 *   0       4     magic "SCE1"
 *   4       4     payload length, uint32 BE
 *   8       8     sequence number, uint64 BE
 *   16      4     CRC-32 of bytes 4..16 and of the payload, uint32 BE
 *   20      n     payload
 *
 * The CRC also covers the length and the sequence number, so a torn or overwritten header is caught
 * like a torn payload. The payload is binary (no JSON escaping of the body, which is JSON itself):
 * receivedAt as float64 BE, then deliveryId, event, projectName and body, each as uint32 BE byte
 * length + UTF-8.
 */
export const RECORD_MAGIC = Buffer.from('SCE1', 'latin1');
export const HEADER_BYTES = 20;
/** Far above any delivery we accept; a longer length field can only be garbage. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export function encodeRecord(seq: number, event: IncomingEvent): Buffer {
  const strings = [event.deliveryId, event.event, event.projectName, event.body].map((s) => Buffer.from(s, 'utf8'));
  const payloadLength = 8 + strings.reduce((sum, s) => sum + 4 + s.length, 0);
  if (payloadLength > MAX_PAYLOAD_BYTES) throw new RangeError(`event of ${payloadLength} bytes exceeds the log's record limit`);
  const record = Buffer.allocUnsafe(HEADER_BYTES + payloadLength);
  RECORD_MAGIC.copy(record, 0);
  record.writeUInt32BE(payloadLength, 4);
  record.writeBigUInt64BE(BigInt(seq), 8);
  let at = HEADER_BYTES;
  record.writeDoubleBE(event.receivedAt, at);
  at += 8;
  for (const s of strings) {
    record.writeUInt32BE(s.length, at);
    s.copy(record, at + 4);
    at += 4 + s.length;
  }
  record.writeUInt32BE(recordChecksum(record.subarray(4, 16), record.subarray(HEADER_BYTES)), 16);
  return record;
}

export function recordChecksum(lengthAndSeq: Buffer, payload: Buffer): number {
  return crc32(payload, crc32(lengthAndSeq));
}

export interface RecordHeader {
  payloadLength: number;
  seq: number;
  checksum: number;
}

/** Null when the bytes cannot start a record (wrong magic, absurd length or sequence). */
export function parseHeader(header: Buffer): RecordHeader | null {
  if (!header.subarray(0, 4).equals(RECORD_MAGIC)) return null;
  const payloadLength = header.readUInt32BE(4);
  const seq = header.readBigUInt64BE(8);
  if (payloadLength > MAX_PAYLOAD_BYTES || seq < 1n || seq > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { payloadLength, seq: Number(seq), checksum: header.readUInt32BE(16) };
}

export function decodePayload(payload: Buffer): IncomingEvent {
  const receivedAt = payload.readDoubleBE(0);
  let at = 8;
  const next = (): string => {
    const length = payload.readUInt32BE(at);
    const end = at + 4 + length;
    if (end > payload.length) throw new RangeError('field runs past the end of the record');
    const value = payload.toString('utf8', at + 4, end);
    at = end;
    return value;
  };
  const deliveryId = next();
  const event = next();
  const projectName = next();
  const body = next();
  return { deliveryId, event, projectName, receivedAt, body };
}

/** Only the two fields the dedup index needs, without copying the body into a string. */
export function decodeIndexFields(payload: Buffer): { deliveryId: string; receivedAt: number } {
  const receivedAt = payload.readDoubleBE(0);
  const length = payload.readUInt32BE(8);
  return { deliveryId: payload.toString('utf8', 12, 12 + length), receivedAt };
}
