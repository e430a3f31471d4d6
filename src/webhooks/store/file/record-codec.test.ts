import { expect } from 'chai';
import { sampleEvent } from '../../test-support/sample-events.js';
import { HEADER_BYTES, decodeIndexFields, decodePayload, encodeRecord, parseHeader, recordChecksum } from './record-codec.js';

describe('the record framing of the file log', () => {
  it('round-trips an event, non-ASCII text included', () => {
    const event = sampleEvent({ projectName: '演示项目', body: '{"title":"修复 😀"}', receivedAt: 1714492800123.5 });
    const record = encodeRecord(42, event);
    const header = parseHeader(record.subarray(0, HEADER_BYTES));
    expect(header).to.include({ seq: 42, payloadLength: record.length - HEADER_BYTES });
    const payload = record.subarray(HEADER_BYTES);
    expect(recordChecksum(record.subarray(4, 16), payload)).to.equal(header!.checksum);
    expect(decodePayload(payload)).to.deep.equal(event);
    expect(decodeIndexFields(payload)).to.deep.equal({ deliveryId: event.deliveryId, receivedAt: event.receivedAt });
  });

  it('covers the sequence number and the length with the CRC, not only the payload', () => {
    const record = encodeRecord(7, sampleEvent());
    const tampered = Buffer.from(record);
    tampered.writeBigUInt64BE(8n, 8);
    const header = parseHeader(tampered.subarray(0, HEADER_BYTES))!;
    expect(recordChecksum(tampered.subarray(4, 16), tampered.subarray(HEADER_BYTES))).not.to.equal(header.checksum);
  });

  it('does not take bytes without the magic, or with an absurd length, for a header', () => {
    const record = encodeRecord(1, sampleEvent());
    expect(parseHeader(Buffer.alloc(HEADER_BYTES))).to.equal(null);
    const huge = Buffer.from(record.subarray(0, HEADER_BYTES));
    huge.writeUInt32BE(0xffffffff, 4);
    expect(parseHeader(huge)).to.equal(null);
  });
});
