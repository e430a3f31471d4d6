/**
 * Coding keeps server-side dates in China Standard Time (unset iteration dates are -28800000,
 * i.e. 1970-01-01 00:00 at UTC+8), so date-range conditions are read as Asia/Shanghai calendar
 * days. Shanghai has had no daylight saving since 1991, so a fixed +8h offset is exact.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch ms of a wall-clock time in Asia/Shanghai (month is 1-based). */
export function shanghaiTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const utc = new Date(0);
  // setUTCFullYear keeps years below 100 literal, which Date.UTC would shift to 19xx.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - SHANGHAI_OFFSET_MS;
}

/** The Asia/Shanghai calendar date of an instant, as yyyy-MM-dd. */
export function shanghaiDate(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * Reads one end of a range condition. A date covers its whole Shanghai day; a datetime covers its
 * whole second (the condition is a closed interval at the granularity it was written in).
 * Returns the covered span [from, to] in epoch ms, or undefined when the text is not a date.
 */
export function parseShanghaiSpan(text: string): { from: number; to: number } | undefined {
  const date = DATE.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(y, m, d)) return undefined;
    const from = shanghaiTime(y, m, d);
    return { from, to: from + DAY_MS - 1 };
  }
  const dt = DATETIME.exec(text);
  if (dt) {
    const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i])) as [number, number, number, number, number, number];
    if (!validDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return undefined;
    const from = shanghaiTime(y, m, d, hh, mm, ss);
    return { from, to: from + 999 };
  }
  return undefined;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, m, 0)).getUTCDate();
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : daysInMonth);
}
