import { expect } from 'chai';
import { parseShanghaiSpan, shanghaiDate, shanghaiTime } from './shanghai-time.js';

describe('Asia/Shanghai date handling', () => {
  it('places a Shanghai wall-clock time eight hours ahead of UTC', () => {
    expect(new Date(shanghaiTime(2024, 6, 1)).toISOString()).to.equal('2024-05-31T16:00:00.000Z');
    expect(shanghaiTime(1970, 1, 1)).to.equal(-28_800_000);
  });

  it('names the Shanghai calendar day of an instant', () => {
    expect(shanghaiDate(Date.parse('2024-05-31T15:59:59.999Z'))).to.equal('2024-05-31');
    expect(shanghaiDate(Date.parse('2024-05-31T16:00:00.000Z'))).to.equal('2024-06-01');
  });

  it('reads a date as its whole day and a datetime as its whole second', () => {
    expect(parseShanghaiSpan('2024-06-01')).to.deep.equal({ from: shanghaiTime(2024, 6, 1), to: shanghaiTime(2024, 6, 2) - 1 });
    expect(parseShanghaiSpan('2024-06-01 12:30:05')).to.deep.equal({
      from: shanghaiTime(2024, 6, 1, 12, 30, 5),
      to: shanghaiTime(2024, 6, 1, 12, 30, 5, 999),
    });
  });

  it('keeps the far-off years clients use as open ends', () => {
    expect(new Date(parseShanghaiSpan('9999-12-31')?.to ?? 0).toISOString()).to.equal('9999-12-31T15:59:59.999Z');
    expect(new Date(parseShanghaiSpan('1000-01-01')?.from ?? 0).toISOString()).to.equal('0999-12-31T16:00:00.000Z');
  });

  it('rejects impossible dates and other text', () => {
    for (const text of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-06-01 24:00:00', '2024/06/01', '']) {
      expect(parseShanghaiSpan(text), text).to.equal(undefined);
    }
    expect(parseShanghaiSpan('2024-02-29')).to.not.equal(undefined);
  });
});
