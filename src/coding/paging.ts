import { isObject } from '../json.js';
import type { CodingClient, Payload } from './client.js';
import { toResponseError } from './envelope.js';

export type Item = Record<string, unknown>;

export interface Page {
  items: Item[];
  /** 1-based. */
  pageNumber: number;
  /** What Coding reports as the total of the whole listing, when it does. */
  totalCount: number | undefined;
}

/**
 * Where an action puts its list and its counters, and how it names its paging parameters. Coding's
 * actions disagree on all of it: `Data.List` with `TotalCount`, `DepotData.Depots` with the total in
 * `DepotData.Page.TotalRow`, `Data.ProjectMembers`, `CommentList` with no paging at all...
 */
export type PagingShape = PagedShape | WholeListShape;

/** A listing asked for page by page. */
export interface PagedShape {
  kind: 'paged';
  /** Path from `Response` to the object holding the list, e.g. ['Data']. */
  container: string[];
  /** Key of the list inside the container, e.g. 'List' or 'ProjectMembers'. */
  list: string;
  /** Path inside the container to the total count, e.g. ['TotalCount'] or ['Page', 'TotalRow']. */
  total: string[];
  /** Request parameter names for the page number and the page size. */
  pageParam: string;
  sizeParam: string;
  /** Some actions declare their paging numbers as strings (DescribeProjectDepotInfoList). */
  numbersAsStrings: boolean;
}

/** An action answering its whole list at once (comments of an issue, labels of a project...). */
export interface WholeListShape {
  kind: 'whole';
  /** Path from `Response` to the list, e.g. ['CommentList'] or ['Logs', 'List']. */
  path: string[];
}

/** DescribeIssueListWithPage, DescribeProjectMembers, DescribeCodingProjects... */
export function pageNumberShape(list: string, options: Partial<Omit<PagedShape, 'kind' | 'list'>> = {}): PagedShape {
  return { kind: 'paged', container: ['Data'], list, total: ['TotalCount'], pageParam: 'PageNumber', sizeParam: 'PageSize', numbersAsStrings: false, ...options };
}

/** DescribeIterationList: `Offset` is a 1-based page number and `Limit` the page size, whatever the docs say. */
export function offsetLimitShape(list: string): PagedShape {
  return pageNumberShape(list, { total: ['TotalRow'], pageParam: 'Offset', sizeParam: 'Limit' });
}

/** An action without paging: the list sits at `path` in `Response`. */
export function wholeListShape(...path: string[]): WholeListShape {
  return { kind: 'whole', path };
}

/** Fetches one page (or, for a whole-list action, the list) and reads it according to its shape. */
export async function fetchPage(client: CodingClient, action: string, params: Record<string, unknown>, shape: PagingShape, pageNumber: number, pageSize: number): Promise<Page> {
  if (shape.kind === 'whole') {
    const response = await client.call(action, params);
    const list = at(response, shape.path);
    // An issue without comments may come back without the key at all.
    const items = list === undefined || list === null ? [] : list;
    if (!Array.isArray(items) || !items.every(isObject)) throw toResponseError(action, `${shape.path.join('.')} is not a list of objects`);
    return { items, pageNumber: 1, totalCount: items.length };
  }
  const number = (n: number) => (shape.numbersAsStrings ? String(n) : n);
  const response = await client.call(action, { ...params, [shape.pageParam]: number(pageNumber), [shape.sizeParam]: number(pageSize) });
  return readPage(action, response, shape, pageNumber);
}

function readPage(action: string, response: Payload, shape: PagedShape, pageNumber: number): Page {
  const container = at(response, shape.container);
  if (!isObject(container)) throw toResponseError(action, `no ${shape.container.join('.')} object in the answer`);
  const list = container[shape.list] ?? [];
  if (!Array.isArray(list) || !list.every(isObject)) throw toResponseError(action, `${shape.list} is not a list of objects`);
  const total = numeric(at(container, shape.total));
  return { items: list, pageNumber, totalCount: total };
}

/**
 * Every page of a listing, in order, one request at a time (so memory holds one page). A full page
 * always asks for the next one, whatever total Coding reports (a total can be understated); the
 * listing ends on a short or empty page, or when a page brings no item that the previous page did not
 * have (some actions answer the last page again for any page number past the end).
 */
export async function* pages(client: CodingClient, action: string, params: Record<string, unknown>, shape: PagingShape, pageSize: number, identity: (item: Item) => unknown): AsyncGenerator<Page> {
  if (shape.kind === 'whole') {
    yield await fetchPage(client, action, params, shape, 1, pageSize);
    return;
  }
  let previous = new Set<unknown>();
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(client, action, params, shape, pageNumber, pageSize);
    const ids = new Set(page.items.map(identity));
    const fresh = page.items.filter((item) => !previous.has(identity(item)));
    if (fresh.length === 0) {
      // An empty first page still carries Coding's total, which the caller compares with what it listed.
      if (pageNumber === 1) yield page;
      return;
    }
    yield { ...page, items: fresh };
    if (page.items.length < pageSize) return;
    previous = ids;
  }
}

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
