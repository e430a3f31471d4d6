/**
 * Where an action's items sit in `Response`, and where its totals go and under which names:
 * beside the list (`Data{PageNumber, PageSize, TotalCount, List}`), or in an object of their own
 * (`DepotData{Depots, Page{PageNumber, PageSize, TotalPage, TotalRow}}`). A single-object action
 * puts its item under one payload key (`Issue`, `Project`).
 */
import type { PageRequest } from './paging.js';

/** What a totals field reports. */
export type Total = 'pageNumber' | 'pageSize' | 'totalPage' | 'totalRow';

export interface ListAnswer {
  readonly kind: 'list';
  /** Keys from `Response` down to the array, e.g. ['Data', 'List']. */
  readonly path: readonly [string, ...string[]];
  readonly totals?: {
    /** Keys from `Response` to the object holding the totals; beside the list when absent. */
    readonly at?: readonly string[];
    /** Output name → what it reports, in the order they are written. */
    readonly names: Readonly<Record<string, Total>>;
  };
}

export interface ObjectAnswer {
  readonly kind: 'object';
  readonly key: string;
}

export function listAt(path: readonly [string, ...string[]], totals?: ListAnswer['totals']): ListAnswer {
  return totals ? { kind: 'list', path, totals } : { kind: 'list', path };
}

/** Totals in the object that holds the list. */
export function totalsBeside(names: Readonly<Record<string, Total>>): NonNullable<ListAnswer['totals']> {
  return { names };
}

/** Totals in an object of their own, e.g. ['DepotData', 'Page']. */
export function totalsAt(at: readonly string[], names: Readonly<Record<string, Total>>): NonNullable<ListAnswer['totals']> {
  return { at, names };
}

export function objectAt(key: string): ObjectAnswer {
  return { kind: 'object', key };
}

/** The payload (keys beside RequestId) holding one page of items and the totals. */
export function listPayload(answer: ListAnswer, items: unknown[], page: PageRequest | undefined, totalRow: number): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const listParent = answer.path.slice(0, -1);
  if (answer.totals) {
    const values: Record<Total, number> = {
      pageNumber: page?.number ?? 1,
      pageSize: page?.size ?? totalRow,
      totalPage: page ? Math.ceil(totalRow / page.size) : 1,
      totalRow,
    };
    const holder = objectAtPath(payload, answer.totals.at ?? listParent);
    for (const [name, total] of Object.entries(answer.totals.names)) holder[name] = values[total];
  }
  objectAtPath(payload, listParent)[answer.path[answer.path.length - 1] as string] = items;
  return payload;
}

function objectAtPath(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = root;
  for (const key of path) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  return node;
}
