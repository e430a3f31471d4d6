/**
 * The paging shapes of Coding's list actions. Page numbers are 1-based, and values below 1
 * mean page 1 because real clients send 0 for the first page (tapdata's stream path). A page size
 * of 0 means the default; numbers may arrive as numeric strings, as they do for the actions S1
 * types as strings (DescribeProjectDepotInfoList). One action (DescribeAllProjectsIssueWorkLogList)
 * takes a true item offset instead of a page number.
 */
import { ApiError } from '../envelope.js';
import { missing, readInt, type RequestParams } from './params.js';

export type Paging =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'page-number' | 'offset-limit' | 'item-offset';
      /** The parameter holding the 1-based page number (Offset for offset/limit), or the 0-based item offset (item-offset). */
      readonly numberParam: string;
      /** The parameter holding the page size (Limit for offset/limit). */
      readonly sizeParam: string;
      readonly required: boolean;
      readonly defaultSize: number;
      readonly maxSize: number;
    };

export interface PageRequest {
  /** 1-based page number (for item offsets: the page the offset falls in). */
  number: number;
  size: number;
  /** Index of the first item of the page. */
  start: number;
}

/** `PageNumber`/`PageSize` in, totals out. */
export function pageNumberPaging(options: { number?: string; size?: string; required?: boolean; defaultSize?: number; maxSize?: number } = {}): Paging {
  return {
    kind: 'page-number',
    numberParam: options.number ?? 'PageNumber',
    sizeParam: options.size ?? 'PageSize',
    required: options.required ?? true,
    defaultSize: options.defaultSize ?? 20,
    maxSize: options.maxSize ?? 500,
  };
}

/**
 * `Offset`/`Limit`, where Offset is a 1-based page number and Limit the page size: the spec swaps
 * their descriptions, and every client found treats them this way (DescribeIterationList).
 */
export function offsetLimitPaging(options: { offset?: string; limit?: string; defaultSize?: number; maxSize?: number } = {}): Paging {
  return {
    kind: 'offset-limit',
    numberParam: options.offset ?? 'Offset',
    sizeParam: options.limit ?? 'Limit',
    required: false,
    defaultSize: options.defaultSize ?? 20,
    maxSize: options.maxSize ?? 500,
  };
}

/**
 * `Offset`/`Limit` where Offset counts items from 0 (S1 describes it so for
 * DescribeAllProjectsIssueWorkLogList: 偏移量，默认 0; INFERRED), with no totals: the short page is the last.
 */
export function itemOffsetPaging(options: { offset?: string; limit?: string; defaultSize?: number; maxSize?: number } = {}): Paging {
  return {
    kind: 'item-offset',
    numberParam: options.offset ?? 'Offset',
    sizeParam: options.limit ?? 'Limit',
    required: false,
    defaultSize: options.defaultSize ?? 20,
    maxSize: options.maxSize ?? 1000,
  };
}

/** The whole list in one answer. */
export function noPaging(): Paging {
  return { kind: 'none' };
}

/** The page asked for, or undefined for an action without paging. */
export function readPage(paging: Paging, params: RequestParams): PageRequest | undefined {
  if (paging.kind === 'none') return undefined;
  const present = (name: string): boolean => {
    const v = params.get(name);
    return v !== undefined && v !== null;
  };
  const int = (name: string, fallback: number): number => (present(name) ? readInt(params.get(name), name) : fallback);
  if (paging.required && !present(paging.numberParam)) throw missing(paging.numberParam);
  const requested = int(paging.numberParam, paging.kind === 'item-offset' ? 0 : 1);
  if (paging.required && !present(paging.sizeParam)) throw missing(paging.sizeParam);
  const asked = int(paging.sizeParam, paging.defaultSize);
  if (asked < 0 || asked > paging.maxSize) {
    throw new ApiError('InvalidParameterValue', `The value ${asked} of parameter ${paging.sizeParam} is invalid; it must be between 1 and ${paging.maxSize}.`);
  }
  const size = asked === 0 ? paging.defaultSize : asked;
  if (paging.kind === 'item-offset') {
    const start = Math.max(0, requested);
    return { number: Math.floor(start / size) + 1, size, start };
  }
  const number = Math.max(1, requested);
  return { number, size, start: (number - 1) * size };
}
