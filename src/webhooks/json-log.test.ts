import { expect } from 'chai';
import { jsonLogLine } from './json-log.js';

describe('JSON log lines', () => {
  it('hold time, level and message, and the delivery id when the line is about a delivery', () => {
    const at = new Date('2024-06-01T10:00:00.000Z');
    expect(JSON.parse(jsonLogLine('WARN', 'rejected delivery d-1 from 10.0.0.1: X-Coding-Signature is missing.', { deliveryId: 'd-1' }, at))).to.deep.equal({
      time: '2024-06-01T10:00:00.000Z',
      level: 'warn',
      message: 'rejected delivery d-1 from 10.0.0.1: X-Coding-Signature is missing.',
      delivery_id: 'd-1',
    });
    expect(JSON.parse(jsonLogLine('INFO', 'the webhook receiver stopped.', {}, at))).to.deep.equal({ time: '2024-06-01T10:00:00.000Z', level: 'info', message: 'the webhook receiver stopped.' });
  });

  it('stay one line whatever the message holds', () => {
    const line = jsonLogLine('ERROR', 'could not store:\nline two\r\n"quoted" \u2028', { deliveryId: 'a\nb' });
    expect(line.split('\n')).to.have.length(1);
    expect(JSON.parse(line).delivery_id).to.equal('a\nb');
  });
});
