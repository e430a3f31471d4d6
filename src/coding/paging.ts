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

/** Where a paged action puts its list and its counters, and how it names its paging parameters. */
export interface PagingShape {
  /** Path from `Response` to the object holding the list, e.g. ['Data']. */
  container: string[];
  /** Key of the list inside the container, e.g. 'List' or 'ProjectMembers'. */
  list: string;
  /** Key of the total count inside the container, e.g. 'TotalCount' or 'TotalRow'. */
  total: string;
  /** Request parameter names for the page number and the page size. */
  pageParam: string;
  sizeParam: string;
}

/** DescribeIssueListWithPage, DescribeProjectMembers, DescribeCodingProjects... */
export function pageNumberShape(list: string): PagingShape {
  return { container: ['Data'], list, total: 'TotalCount', pageParam: 'PageNumber', sizeParam: 'PageSize' };
}

/** DescribeIterationList: `Offset` is a 1-based page number and `Limit` the page size, whatever the docs say. */
export function offsetLimitShape(list: string): PagingShape {
  return { container: ['Data'], list, total: 'TotalRow', pageParam: 'Offset', sizeParam: 'Limit' };
}

/** Fetches one page and reads it according to its shape. */
export async function fetchPage(client: CodingClient, action: string, params: Record<string, unknown>, shape: PagingShape, pageNumber: number, pageSize: number): Promise<Page> {
  const response = await client.call(action, { ...params, [shape.pageParam]: pageNumber, [shape.sizeParam]: pageSize });
  return readPage(action, response, shape, pageNumber);
}

function readPage(action: string, response: Payload, shape: PagingShape, pageNumber: number): Page {
  let container: unknown = response;
  for (const key of shape.container) container = isObject(container) ? container[key] : undefined;
  if (!isObject(container)) throw toResponseError(action, `no ${shape.container.join('.')} object in the answer`);
  const list = container[shape.list] ?? [];
  if (!Array.isArray(list) || !list.every(isObject)) throw toResponseError(action, `${shape.list} is not a list of objects`);
  const total = container[shape.total];
  return { items: list, pageNumber, totalCount: typeof total === 'number' ? total : undefined };
}

/**
 * Every page of a listing, in order, one request at a time (so memory holds one page). Stops on a short
 * page, on an empty one, or once the reported total is reached; and, because some actions ignore an
 * out-of-range page number and answer the last page again, when a page brings no item not seen on the
 * previous one.
 */
export async function* pages(client: CodingClient, action: string, params: Record<string, unknown>, shape: PagingShape, pageSize: number, identity: (item: Item) => unknown): AsyncGenerator<Page> {
  let previous = new Set<unknown>();
  let seen = 0;
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(client, action, params, shape, pageNumber, pageSize);
    const ids = new Set(page.items.map(identity));
    const fresh = page.items.filter((item) => !previous.has(identity(item)));
    if (fresh.length === 0) return;
    yield { ...page, items: fresh };
    seen += page.items.length;
    if (page.items.length < pageSize) return;
    if (page.totalCount !== undefined && seen >= page.totalCount) return;
    previous = ids;
  }
}
