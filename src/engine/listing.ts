import { CodingResponseError } from '../coding/errors.js';
import { pages, type Item } from '../coding/paging.js';
import type { RunContext } from './context.js';
import { listOf, type Partition, type Stream } from './declaration.js';
import { idKindOf } from './schemas.js';

export interface ListedPage {
  items: Item[];
  /** Coding's total for the whole listing, on the first page, when it says. */
  totalCount: number | undefined;
}

/**
 * The one way a stream's listing is read in a partition, whoever asks (a full refresh, the partitions
 * of a child stream, the webhook re-list, `check`): its action, paging shape and page size, the items
 * the configuration excludes dropped, and each item's id checked, since a record without one could
 * not be keyed and a state holding it could not be read back.
 */
export async function* listPartition(ctx: RunContext, stream: Stream, partition: Partition, options: { maxPages?: number } = {}): AsyncGenerator<ListedPage> {
  const list = listOf(stream);
  const { action, shape, pageSize } = list;
  let listed = 0;
  let first: number | undefined;
  let count = 0;
  for await (const page of pages(ctx.client, action, list.params(partition), shape, pageSize, (item) => item[stream.idField])) {
    for (const item of page.items) idOf(stream, item);
    listed += page.items.length;
    const totalCount = count === 0 ? page.totalCount : undefined;
    if (count === 0) first = page.totalCount;
    count += 1;
    const items = stream.include ? page.items.filter((item) => stream.include?.(item, ctx.settings)) : page.items;
    yield { items, totalCount };
    if (options.maxPages !== undefined && count >= options.maxPages) return;
  }
  // A total that disagrees with what was read is worth a line: it was not trusted to stop paging.
  if (first !== undefined && first !== listed && shape.kind === 'paged') {
    await ctx.log('WARN', `${stream.name} of ${partition.key}: Coding reported ${first} item(s) but listed ${listed}.`);
  }
}

/** Every item of a partition's listing (for small listings: projects, depots, CI jobs, issue types). */
export async function listAll(ctx: RunContext, stream: Stream, partition: Partition): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of listPartition(ctx, stream, partition)) all.push(...page.items);
  return all;
}

/**
 * The id of a listed item, checked against the type the stream's schema gives it: a non-negative
 * integer (Code, Id) or a non-empty string (a project name, a commit sha).
 */
export function idOf(stream: Stream, item: Item): string | number {
  const id = item[stream.idField];
  const valid = idKindOf(stream) === 'integer' ? typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 : typeof id === 'string' && id.trim() !== '';
  if (valid) return id as string | number;
  throw new CodingResponseError(
    `Coding's answer to ${stream.list?.action ?? stream.children?.action ?? stream.name} has an item whose ${stream.idField} is ${describe(id)}; the ${stream.name} stream cannot key such a record, so it stops here rather than emit it or checkpoint past it.`,
  );
}

/**
 * Checks that an item can be keyed: every key field (or the id field) holds a non-negative integer or
 * a non-empty string. Child items are keyed by several fields, some added from their parent.
 */
export function checkKey(stream: Stream, item: Item): void {
  for (const field of stream.keyFields ?? [stream.idField]) {
    const value = item[field];
    if ((typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && value.trim() !== '')) continue;
    throw new CodingResponseError(
      `Coding's answer to ${stream.list?.action ?? stream.children?.action ?? stream.name} has an item whose ${field} is ${typeof value === 'string' ? 'empty' : describe(value)}; the ${stream.name} stream cannot key such a record, so it stops here rather than emit it or checkpoint past it.`,
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number') return 'not a non-negative integer';
  return `a ${typeof value}, not the ${typeof value === 'string' ? 'integer' : 'value'} the schema declares`;
}
