import { expect } from 'chai';
import { parseValue, type ColumnKind } from './parse-value.js';

const value = (kind: ColumnKind, raw: unknown): unknown => {
  const parsed = parseValue(kind, raw);
  return parsed.ok ? parsed.value : 'NOT PARSABLE';
};

describe('custom-field values read as their ComponentType implies', () => {
  it('reads unset values (empty, missing) as null, whatever the type', () => {
    for (const kind of ['text', 'texts', 'member', 'members', 'date', 'datetime', 'integer', 'decimal'] as const) {
      expect(value(kind, ''), kind).to.equal(null);
      expect(value(kind, '  '), kind).to.equal(null);
      expect(value(kind, undefined), kind).to.equal(null);
    }
  });

  it('keeps text as sent, and unquotes a JSON string (a select’s value sent as JSON)', () => {
    expect(value('text', '招商银行 🏦\n第二行')).to.equal('招商银行 🏦\n第二行');
    expect(value('text', '"MAJOR"')).to.equal('MAJOR');
  });

  it('reads multi-selects and checkboxes as a list of strings: a JSON array, or one plain value', () => {
    expect(value('texts', '["v2.3","v2.4"]')).to.deep.equal(['v2.3', 'v2.4']);
    expect(value('texts', '[1, 2]')).to.deep.equal(['1', '2']);
    expect(value('texts', '[{"Value":"ios","Title":"iOS"}]')).to.deep.equal(['ios']);
    expect(value('texts', 'v3.0')).to.deep.equal(['v3.0']);
    expect(value('texts', '[["nested"]]')).to.equal('NOT PARSABLE');
  });

  it('reads members as user objects, a bare id standing for {Id}', () => {
    const user = { Id: 8700001, Name: '张伟', Email: 'zhangwei@acme.example.com' };
    expect(value('member', JSON.stringify(user))).to.deep.equal(user);
    expect(value('member', '8700001')).to.deep.equal({ Id: 8700001 });
    expect(value('member', JSON.stringify([user]))).to.deep.equal(user);
    expect(value('member', 'somebody')).to.equal('NOT PARSABLE');
    expect(value('members', JSON.stringify([user, { Id: 2 }]))).to.deep.equal([user, { Id: 2 }]);
    expect(value('members', '[8700001, 8700002]')).to.deep.equal([{ Id: 8700001 }, { Id: 8700002 }]);
    expect(value('members', '8700001,8700002')).to.deep.equal([{ Id: 8700001 }, { Id: 8700002 }]);
    expect(value('members', '[{"Name":"no id"}]')).to.equal('NOT PARSABLE');
  });

  it('reads dates in every plausible encoding as the UTC+8 calendar day (yyyy-MM-dd)', () => {
    expect(value('date', '2024-05-01')).to.equal('2024-05-01');
    expect(value('date', '2024-5-1')).to.equal('2024-05-01');
    expect(value('date', '2024/05/01')).to.equal('2024-05-01');
    expect(value('date', '2024-05-01 00:00:00')).to.equal('2024-05-01');
    // Midnight of 1 May in UTC+8 is 30 April in UTC: the day is Coding's.
    expect(value('date', String(Date.parse('2024-05-01T00:00:00+08:00')))).to.equal('2024-05-01');
    expect(value('date', String(Date.parse('2024-05-01T00:00:00+08:00') / 1000))).to.equal('2024-05-01');
    expect(value('date', '2024-04-30T16:00:00Z')).to.equal('2024-05-01');
    expect(value('date', '2024-02-30')).to.equal('NOT PARSABLE');
    expect(value('date', 'next Tuesday')).to.equal('NOT PARSABLE');
  });

  it('reads date-times as ISO 8601 with Coding’s +08:00 offset', () => {
    expect(value('datetime', '2024-05-01 09:30:00')).to.equal('2024-05-01T09:30:00+08:00');
    expect(value('datetime', '2024-05-01 09:30')).to.equal('2024-05-01T09:30:00+08:00');
    expect(value('datetime', '2024-05-01')).to.equal('2024-05-01T00:00:00+08:00');
    expect(value('datetime', String(Date.parse('2024-05-01T01:30:00Z')))).to.equal('2024-05-01T09:30:00+08:00');
    expect(value('datetime', '2024-05-01T01:30:00.250Z')).to.equal('2024-05-01T09:30:00.250+08:00');
    expect(value('datetime', '2024-05-01T09:30:00+09:00')).to.equal('2024-05-01T08:30:00+08:00');
    expect(value('datetime', '2024-05-01 25:00:00')).to.equal('NOT PARSABLE');
  });

  it('reads integers and decimals from their text, and nothing else', () => {
    expect(value('integer', '1200')).to.equal(1200);
    expect(value('integer', ' -3 ')).to.equal(-3);
    expect(value('integer', '12.0')).to.equal(12);
    expect(value('integer', '12.5')).to.equal('NOT PARSABLE');
    expect(value('integer', '约 300 人')).to.equal('NOT PARSABLE');
    expect(value('integer', '99999999999999999999')).to.equal('NOT PARSABLE');
    expect(value('decimal', '2.75')).to.equal(2.75);
    expect(value('decimal', '.5')).to.equal(0.5);
    expect(value('decimal', '1e3')).to.equal(1000);
    expect(value('decimal', '0x10')).to.equal('NOT PARSABLE');
    expect(value('decimal', 'NaN')).to.equal('NOT PARSABLE');
  });

  it('refuses a value that is not a string at all', () => {
    expect(value('integer', 12)).to.equal('NOT PARSABLE');
  });
});
