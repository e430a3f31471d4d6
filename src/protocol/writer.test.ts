import { expect } from 'chai';
import { Writable } from 'node:stream';
import { message } from './messages.js';
import { ProtocolWriter } from './writer.js';

class SlowSink extends Writable {
  lines: string[] = [];
  constructor(private readonly delayMs: number) {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    if (chunk.length > 0) this.lines.push(chunk.toString());
    setTimeout(done, this.delayMs);
  }
}

describe('ProtocolWriter', () => {
  it('writes one JSON object per line', async () => {
    const sink = new SlowSink(0);
    const writer = new ProtocolWriter(sink);
    await writer.write(message.log('INFO', 'a\nb'));
    await writer.write(message.connectionStatus(true));
    await writer.flush();
    const text = sink.lines.join('');
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).type)).to.deep.equal(['LOG', 'CONNECTION_STATUS']);
    expect(text.endsWith('\n')).to.equal(true);
  });

  it('waits for a slow reader instead of buffering without bound', async () => {
    const sink = new SlowSink(2);
    const writer = new ProtocolWriter(sink);
    let maxBuffered = 0;
    for (let i = 0; i < 200; i++) {
      await writer.write(message.record('issues', { Code: i, Name: 'x'.repeat(200) }));
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
    }
    await writer.flush();
    expect(sink.lines.length).to.equal(200);
    // One line may overshoot the high-water mark, never hundreds of them.
    expect(maxBuffered).to.be.lessThan(1024 + 400);
  });

  it('masks registered secrets wherever they appear, also JSON-escaped', async () => {
    const sink = new SlowSink(0);
    const writer = new ProtocolWriter(sink);
    writer.redact('s3cr3t-token', 'quote"secret', undefined, '');
    await writer.write(message.log('ERROR', 'rejected token s3cr3t-token and quote"secret'));
    await writer.flush();
    const text = sink.lines.join('');
    expect(text).not.to.include('s3cr3t-token');
    expect(text).not.to.include('quote\\"secret');
    expect(text).to.include('**********');
  });

  it('writes a step’s records as lines of one chunk, masking a secret in any record, raw or JSON-escaped, beside non-ASCII text', async () => {
    const sink = new SlowSink(0);
    const writer = new ProtocolWriter(sink);
    writer.redact('s3cr3t-token', 'quote"secret');
    const records = [{ Code: 1, Name: '修复登录 🐛' }, { Code: 2, Description: 'pasted s3cr3t-token here' }, { Code: 3, Note: 'quote"secret' }];
    await writer.writeRecords('issues', records, 7);
    await writer.flush();
    const lines = sink.lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; record: { stream: string; data: Record<string, unknown>; emitted_at: number } });
    expect(sink.lines).to.have.length(1);
    expect(lines.map((l) => [l.type, l.record.stream, l.record.emitted_at])).to.deep.equal([['RECORD', 'issues', 7], ['RECORD', 'issues', 7], ['RECORD', 'issues', 7]]);
    expect(lines[0]?.record.data).to.deep.equal(records[0]);
    expect(lines[1]?.record.data.Description).to.equal('pasted ********** here');
    expect(lines[2]?.record.data.Note).to.equal('**********');
  });

  it('writes every record of a step exactly, however far its text outgrows the first guess of the chunk size', async () => {
    const sink = new SlowSink(0);
    const writer = new ProtocolWriter(sink);
    writer.redact('s3cr3t-token');
    // Records of every width: ASCII, 3-byte CJK, 4-byte emoji (surrogate pairs), sizes far above 2 KB.
    const records = Array.from({ length: 300 }, (_, i) => ({ Code: i, Text: ['a', '修', '🐛', 'é'][i % 4]!.repeat(1 + ((i * 97) % 5000)) }));
    await writer.writeRecords('issues', records, 7);
    await writer.flush();
    const text = sink.lines.join('');
    const data = text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { record: { data: unknown } }).record.data);
    expect(data).to.deep.equal(records);
    expect(Buffer.byteLength(text)).to.equal(records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify({ type: 'RECORD', record: { stream: 'issues', data: r, emitted_at: 7 } })) + 1, 0));
  });

  it('does not mask a config update, whose purpose is to carry renewed credentials', async () => {
    const sink = new SlowSink(0);
    const writer = new ProtocolWriter(sink);
    writer.redact('client-secret-value');
    await writer.write(message.configUpdate({ credentials: { client_secret: 'client-secret-value' } }));
    await writer.flush();
    expect(sink.lines.join('')).to.include('client-secret-value');
  });
});
