/**
 * Declared request parameters: each names how a value is read, whether it must be present, and
 * its default. The readers accept what real clients send: numbers as JSON numbers or numeric
 * strings, lists as JSON arrays or comma-separated text. Names match case-insensitively (tapdata
 * sends `userId` and `keywords` where the spec says UserId and Keywords). Failures become the
 * API's own error codes, so every declared action reports bad input alike.
 */
import { ApiError } from '../envelope.js';
import { parseShanghaiSpan } from '../shanghai-time.js';

/** A request body with names looked up case-insensitively. */
export class RequestParams {
  private readonly byLowerName = new Map<string, unknown>();

  constructor(readonly raw: Readonly<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(raw)) this.byLowerName.set(k.toLowerCase(), v);
  }

  get(name: string): unknown {
    return this.byLowerName.get(name.toLowerCase());
  }
}

export class Param<T, Always extends boolean = boolean> {
  /** Phantom: whether the parsed value is always present (required or defaulted). */
  declare readonly always: Always;

  constructor(
    /** Reads a present value; throws ApiError for a bad one. */
    readonly read: (raw: unknown, name: string) => T,
    /** Which raw values count as "not sent". */
    readonly absent: (raw: unknown) => boolean,
    /** Which count as missing when the parameter is required (a required text may not be ''). */
    readonly absentWhenRequired: (raw: unknown) => boolean = absent,
    readonly isRequired: boolean = false,
    readonly fallback: T | undefined = undefined,
  ) {}

  /** Absent → MissingParameter. */
  required(): Param<T, true> {
    return new Param<T, true>(this.read, this.absent, this.absentWhenRequired, true, undefined);
  }

  /** Absent → `value`. */
  default(value: T): Param<T, true> {
    return new Param<T, true>(this.read, this.absent, this.absentWhenRequired, false, value);
  }

  /** The parsed value, `fallback` when absent and optional. */
  parse(params: RequestParams, name: string): T | undefined {
    const raw = params.get(name);
    if (this.isRequired ? this.absentWhenRequired(raw) : this.absent(raw)) {
      if (this.isRequired) throw missing(name);
      return this.fallback;
    }
    return this.read(raw, name);
  }
}

export type ParamSpecs = Readonly<Record<string, Param<unknown>>>;

/** The typed values of a set of declared parameters. */
export type ParamValues<S extends ParamSpecs> = {
  [K in keyof S]: S[K] extends Param<infer T, true> ? T : S[K] extends Param<infer T, boolean> ? T | undefined : never;
};

export function parseParams<S extends ParamSpecs>(specs: S, params: RequestParams): ParamValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = spec.parse(params, name);
  return values as ParamValues<S>;
}

const nullish = (raw: unknown): boolean => raw === undefined || raw === null;
const nullishOrBlank = (raw: unknown): boolean => nullish(raw) || raw === '';

/** Text. A required string counts '' as missing; an optional one keeps ''. */
export function string(): Param<string, false> {
  return new Param<string, false>((raw, name) => {
    if (typeof raw !== 'string') throw invalid(name, raw);
    return raw;
  }, nullish, nullishOrBlank);
}

/** A safe integer, as a JSON number or numeric text (" 42 " included). */
export function int(): Param<number, false> {
  return new Param<number, false>(readInt, nullish);
}

export function readInt(raw: unknown, name: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(name, raw);
  return n;
}

/** true/false, also as "true"/"false" or 1/0. */
export function bool(): Param<boolean, false> {
  return new Param<boolean, false>((raw, name) => {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 1) return true;
    if (raw === 'false' || raw === 0) return false;
    throw invalid(name, raw);
  }, nullish);
}

/** One of `allowed`, exactly as spelled; '' counts as not sent. */
export function oneOf<const T extends string>(allowed: readonly T[]): Param<T, false> {
  return new Param<T, false>((raw, name) => {
    if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
      throw new ApiError('InvalidParameterValue', `The value ${JSON.stringify(raw)} of parameter ${name} is invalid; expected one of ${allowed.join(', ')}.`);
    }
    return raw as T;
  }, nullishOrBlank);
}

/** A JSON array, or comma-separated text (a lone number too); each element read by `item`. */
export function list<T>(item: Param<T>): Param<T[], false> {
  return new Param<T[], false>((raw, name) => {
    const parts =
      Array.isArray(raw) ? raw.map(String)
      : typeof raw === 'string' || typeof raw === 'number' ? String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '')
      : undefined;
    if (parts === undefined) throw invalid(name, raw);
    try {
      return parts.map((p) => item.read(p, name));
    } catch (error) {
      // Name the whole value, as a client sent it, rather than the element.
      if (error instanceof ApiError) throw invalid(name, raw);
      throw error;
    }
  }, nullish);
}

/** One object or an array of them (the spec types Conditions as one object, every client sends an array). */
export function objects(): Param<Array<Record<string, unknown>>, false> {
  return new Param<Array<Record<string, unknown>>, false>((raw, name) => {
    const items: unknown[] = Array.isArray(raw) ? raw : [raw];
    for (const item of items) if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(name, item);
    return items as Array<Record<string, unknown>>;
  }, nullish);
}

/** A yyyy-MM-dd (or datetime) in Asia/Shanghai, read as the span of time it covers; '' counts as not sent. */
export function shanghaiDate(): Param<{ from: number; to: number }, false> {
  return new Param<{ from: number; to: number }, false>((raw, name) => {
    if (typeof raw !== 'string') throw invalid(name, raw);
    const span = parseShanghaiSpan(raw.trim());
    if (!span) throw invalid(name, raw);
    return span;
  }, nullishOrBlank);
}

export function missing(name: string): ApiError {
  return new ApiError('MissingParameter', `The request is missing the required parameter ${name}.`);
}

export function invalid(name: string, value: unknown): ApiError {
  return new ApiError('InvalidParameterValue', `The value ${JSON.stringify(value)} of parameter ${name} is invalid.`);
}
