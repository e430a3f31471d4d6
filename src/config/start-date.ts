import { ConfigError } from '../errors.js';

// The forms spec.json's pattern admits: a date, or a date and a time with optional seconds, fraction and offset.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * start_date as epoch milliseconds. Every part is checked against the calendar: Date.parse rolls
 * 2024-02-30 over to 1 March, which would silently skip a day of issues. A date without a time is
 * midnight UTC, as the spec says; so is a time without an offset. Before 1970 means from the start.
 */
export function startDateInstant(value: string): number {
  const match = ISO.exec(value);
  if (!match) throw invalid('is not an ISO 8601 date');
  const part = (index: number) => Number(match[index] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  if (month < 1 || month > 12) throw invalid(`has month ${month}`);
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (day < 1 || day > days) throw invalid(`has day ${day}, but that month has ${days} days`);
  if (hour > 23 || minute > 59 || second > 59) throw invalid('has a time of day that does not exist');
  const [offsetHours, offsetMinutes] = [part(10), part(11)];
  if (offsetHours > 23 || offsetMinutes > 59) throw invalid('has an offset from UTC that does not exist');
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Math.max(0, date.getTime() - offset);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function invalid(why: string): ConfigError {
  return new ConfigError(`start_date ${why}; expected a real calendar date such as 2024-01-01 or 2024-01-01T00:00:00Z.`);
}
