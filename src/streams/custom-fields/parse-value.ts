/**
 * Reads a custom field's ValueString as the type its ComponentType implies (coding-openapi-streams.md
 * §2). Coding sends every value as a string: JSON for multi-selects and members, and dates in an
 * encoding the reference could only guess (INFERRED): `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` in UTC+8,
 * or epoch milliseconds as text. Every plausible form is accepted; what fits none is reported as
 * not parsable, never guessed at.
 */

/** The JSON shape a column holds. */
export type ColumnKind = 'text' | 'texts' | 'member' | 'members' | 'date' | 'datetime' | 'integer' | 'decimal';

export type Parsed = { ok: true; value: unknown } | { ok: false };

const UTC8_MS = 8 * 3_600_000;
const NOT: Parsed = { ok: false };
const ok = (value: unknown): Parsed => ({ ok: true, value });

/** The value of a ValueString; '' (and a missing value) is unset: null. */
export function parseValue(kind: ColumnKind, raw: unknown): Parsed {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw !== 'string') return NOT;
  const text = raw.trim();
  if (text === '') return ok(null);
  switch (kind) {
    case 'text':
      return ok(jsonString(text) ?? raw);
    case 'texts':
      return texts(text);
    case 'member':
      return member(text);
    case 'members':
      return members(text);
    case 'date': {
      const at = instant(text);
      return at === undefined ? NOT : ok(at.wallDate);
    }
    case 'datetime': {
      const at = instant(text);
      return at === undefined ? NOT : ok(at.iso);
    }
    case 'integer': {
      const n = decimal(text);
      return n !== undefined && Number.isSafeInteger(n) ? ok(n) : NOT;
    }
    case 'decimal': {
      const n = decimal(text);
      return n === undefined ? NOT : ok(n);
    }
  }
}

function jsonString(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  const parsed = json(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** A JSON array of option values (strings or numbers, or {Value}/{Title} objects), or one plain value. */
function texts(text: string): Parsed {
  const parsed = json(text);
  if (parsed === undefined) return ok([text]);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const values: string[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') values.push(entry);
    else if (typeof entry === 'number' || typeof entry === 'boolean') values.push(String(entry));
    else if (isObject(entry) && (typeof entry.Value === 'string' || typeof entry.value === 'string' || typeof entry.Title === 'string')) values.push(String(entry.Value ?? entry.value ?? entry.Title));
    else return NOT;
  }
  return ok(values);
}

/** A JSON user object; a bare user id stands for {Id}. */
function member(text: string): Parsed {
  const parsed = json(text);
  const one = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
  const user = userOf(one ?? text);
  return user === undefined ? NOT : ok(user);
}

function members(text: string): Parsed {
  const parsed = json(text);
  const list = parsed === undefined ? text.split(',').map((s) => s.trim()) : Array.isArray(parsed) ? parsed : [parsed];
  const users: Array<Record<string, unknown>> = [];
  for (const entry of list) {
    const user = userOf(entry);
    if (user === undefined) return NOT;
    users.push(user);
  }
  return ok(users);
}

function userOf(value: unknown): Record<string, unknown> | undefined {
  if (isObject(value)) return typeof value.Id === 'number' || typeof value.id === 'number' ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { Id: value };
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return { Id: Number(value.trim()) };
  return undefined;
}

const WALL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An instant, from any plausible encoding; wall times without an offset are Coding's UTC+8. */
function instant(text: string): { wallDate: string; iso: string } | undefined {
  let ms: number;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    // Ten digits or fewer are seconds (a millisecond value that small would be in January 1970).
    ms = Math.abs(n) < 100_000_000_000 ? n * 1000 : n;
  } else {
    const m = WALL.exec(text);
    if (!m) return undefined;
    const [y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m.slice(1) as [string, string, string, string?, string?, string?, string?, string?];
    if (!validDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0')));
    ms = wall - (zone === undefined ? UTC8_MS : offsetMs(zone));
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8_640_000_000_000_000) return undefined;
  const shifted = new Date(ms + UTC8_MS).toISOString();
  if (shifted.startsWith('+') || shifted.startsWith('-')) return undefined;
  const fraction = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
  return { wallDate: shifted.slice(0, 10), iso: `${shifted.slice(0, 19)}${fraction}+08:00` };
}

function offsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function decimal(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
