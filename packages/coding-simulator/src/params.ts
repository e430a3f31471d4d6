/**
 * Reads action parameters the way the real API appears to: names match case-insensitively
 * (tapdata sends `userId` and `keywords` where the spec says UserId and Keywords), and numbers
 * may arrive as JSON numbers or numeric strings. Failures become the API's own error codes.
 */
import { ApiError } from './envelope.js';

export class Params {
  private readonly byLowerName = new Map<string, unknown>();

  constructor(readonly raw: Record<string, unknown>) {
    for (const [k, v] of Object.entries(raw)) this.byLowerName.set(k.toLowerCase(), v);
  }

  get(name: string): unknown {
    return this.byLowerName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    const v = this.get(name);
    return v !== undefined && v !== null;
  }

  requiredString(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === null || v === '') throw missing(name);
    if (typeof v !== 'string') throw invalid(name, v);
    return v;
  }

  optionalString(name: string): string | undefined {
    const v = this.get(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalid(name, v);
    return v;
  }

  requiredInt(name: string): number {
    if (!this.has(name)) throw missing(name);
    return this.int(name, 0);
  }

  /** An integer, or `fallback` when absent. */
  int(name: string, fallback: number): number {
    const v = this.get(name);
    if (v === undefined || v === null) return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw invalid(name, v);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 1) return true;
    if (v === 'false' || v === 0) return false;
    throw invalid(name, v);
  }

  enumValue<T extends string>(name: string, allowed: readonly T[], fallback: T | undefined): T {
    const v = this.get(name);
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw missing(name);
      return fallback;
    }
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      throw new ApiError('InvalidParameterValue', `The value ${JSON.stringify(v)} of parameter ${name} is invalid; expected one of ${allowed.join(', ')}.`);
    }
    return v as T;
  }

  /** A 1-based page number; real clients send 0 for the first page, so values below 1 mean 1. */
  pageNumber(name: string, required: boolean): number {
    if (required && !this.has(name)) throw missing(name);
    return Math.max(1, this.int(name, 1));
  }

  /** A page size between 1 and 500; 0 means the default. */
  pageSize(name: string, required: boolean, fallback = 20): number {
    if (required && !this.has(name)) throw missing(name);
    const n = this.int(name, fallback);
    if (n < 0 || n > 500) {
      throw new ApiError('InvalidParameterValue', `The value ${n} of parameter ${name} is invalid; it must be between 1 and 500.`);
    }
    return n === 0 ? fallback : n;
  }
}

export function missing(name: string): ApiError {
  return new ApiError('MissingParameter', `The request is missing the required parameter ${name}.`);
}

export function invalid(name: string, value: unknown): ApiError {
  return new ApiError('InvalidParameterValue', `The value ${JSON.stringify(value)} of parameter ${name} is invalid.`);
}
