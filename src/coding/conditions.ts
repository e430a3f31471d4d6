/**
 * Coding evaluates date-range conditions on calendar days in China Standard Time (UTC+8, no DST):
 * unset dates are encoded as -28800000, i.e. midnight 1970-01-01 in UTC+8.
 */
const UTC8_OFFSET_MS = 8 * 3_600_000;
const LAST_DAY = '9999-12-31';

/** The UTC+8 calendar day of an instant, as Coding's conditions write it (yyyy-MM-dd). */
export function codingDay(epochMs: number): string {
  const shifted = new Date(epochMs + UTC8_OFFSET_MS);
  if (Number.isNaN(shifted.getTime())) return epochMs > 0 ? LAST_DAY : '1970-01-01';
  const iso = shifted.toISOString();
  // Years past 9999 print with a sign and six digits; such cursors mean "nothing can be newer".
  return iso.startsWith('+') ? LAST_DAY : iso.slice(0, 10);
}

export interface Condition {
  Key: string;
  Value: string;
}

/** Issues updated on or after the UTC+8 day of `epochMs` (Coding filters by whole days only). */
export function updatedFromDay(epochMs: number): Condition {
  return { Key: 'UPDATED_AT', Value: `${codingDay(Math.max(0, epochMs))}_${LAST_DAY}` };
}

/** The first millisecond of the UTC+8 calendar day of an instant: what a day filter's lower bound includes. */
export function codingDayStart(epochMs: number): number {
  const day = 86_400_000;
  return Math.floor((epochMs + UTC8_OFFSET_MS) / day) * day - UTC8_OFFSET_MS;
}
