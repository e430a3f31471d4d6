import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { startDateInstant } from './start-date.js';

describe('startDateInstant', () => {
  it('reads every form the spec admits as the instant it names', () => {
    const cases: Array<[string, number]> = [
      ['2024-01-01', Date.UTC(2024, 0, 1)],
      ['2024-02-29', Date.UTC(2024, 1, 29)],
      ['2024-01-01T08:30', Date.UTC(2024, 0, 1, 8, 30)],
      ['2024-01-01T08:30:15Z', Date.UTC(2024, 0, 1, 8, 30, 15)],
      ['2024-01-01T08:30:15.5Z', Date.UTC(2024, 0, 1, 8, 30, 15, 500)],
      ['2024-01-01T08:00:00+08:00', Date.UTC(2024, 0, 1)],
      ['2024-01-01T08:00:00+0800', Date.UTC(2024, 0, 1)],
      ['2023-12-31T19:00:00-05:00', Date.UTC(2024, 0, 1)],
      ['2000-02-29', Date.UTC(2000, 1, 29)],
    ];
    for (const [text, expected] of cases) expect(startDateInstant(text), text).to.equal(expected);
  });

  it('refuses dates that are not on the calendar instead of rolling them over', () => {
    for (const text of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32']) {
      expect(() => startDateInstant(text), text).to.throw(ConfigError, /^start_date has (day|month) \d+/);
    }
    expect(() => startDateInstant('2024-02-30')).to.throw(/day 30, but that month has 29 days/);
  });

  it('refuses times and offsets that do not exist, and text that is no date', () => {
    for (const text of ['2024-01-01T24:00:00Z', '2024-01-01T23:60Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00+24:00', '2024-01-01T00:00+01:60']) {
      expect(() => startDateInstant(text), text).to.throw(ConfigError, /^start_date has an? (time|offset)/);
    }
    for (const text of ['yesterday', '2024-1-1', '01/02/2024', '']) expect(() => startDateInstant(text), text).to.throw(ConfigError, /^start_date is not an ISO 8601 date/);
  });

  it('reads a date before 1970 as from the start of time', () => {
    expect(startDateInstant('1900-01-01')).to.equal(0);
    expect(startDateInstant('0000-01-01')).to.equal(0);
  });
});
