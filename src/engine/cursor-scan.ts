import type { CodingClient } from '../coding/client.js';
import { codingDay, codingDayStart } from '../coding/conditions.js';
import { CodingResponseError } from '../coding/errors.js';
import { fetchPage, type Item } from '../coding/paging.js';
import { listOf, type Partition, type Stream } from './declaration.js';
import { idOf as validId } from './listing.js';
import type { Position } from './stream-state.js';

export type { Position } from './stream-state.js';

export interface ScanStep {
  /** Items not emitted before, in cursor order. */
  items: Item[];
  /** Where the read stands once these items are emitted: safe to checkpoint. */
  position: Position;
  /** Coding's count of the whole listing asked for, on the first page of the scan. */
  totalCount: number | undefined;
}

/** How a scan ended: having read to the end of the listing, or stopped early (to go on next sync). */
export interface ScanEnd {
  complete: boolean;
}

export interface ScanOptions {
  pageSize: number;
  /** Give up this sync after so many pages were invalidated by concurrent changes (the next sync goes on). */
  maxRestarts?: number;
  warn(message: string): void;
}

/**
 * Reads every item changed at or after `start`, sorted by the cursor, so that nothing is lost while
 * Coding's data changes under the read. Offset paging over a list sorted by update time drifts: when an
 * item already read is updated (it jumps to the end) or deleted, every later item shifts back by one and
 * one of them falls between two pages. Two measures prevent that:
 *
 * 1. Keyset restarts. Coding filters by update *day* only (UTC+8), so after each page the scan asks again
 *    from the day of its position, page 1, and skips what it already emitted. A fresh query from a fixed
 *    lower bound cannot have drifted.
 * 2. Verified continuation. When a single day holds so many already-read items that restarting would
 *    re-read more than half a page, the scan continues with the next page number instead, and first checks
 *    that the last item of the previous page still sits just before the new page (one 1-item request).
 *    Items only ever leave earlier positions (updates move them to the end, deletes remove them), so if
 *    that item has not moved, nothing before it has, and the pages are contiguous. If it moved, the page is
 *    discarded and the scan restarts from its position, which was only ever advanced past verified items.
 *
 * The position therefore never passes an item that was not emitted: whatever is created, updated or
 * deleted during the read, an item updated before the read started is emitted by this read or the next.
 */
export async function* cursorScan(
  client: CodingClient,
  declaration: Stream,
  partition: Partition,
  start: Position,
  options: ScanOptions,
): AsyncGenerator<ScanStep, ScanEnd> {
  const cursor = declaration.cursor;
  if (!cursor) throw new Error(`stream ${declaration.name} declares no cursor`);
  const list = listOf(declaration);
  const { action, shape } = list;
  const size = options.pageSize;
  const maxRestarts = options.maxRestarts ?? 25;
  const valueOf = (item: Item): number => {
    const value = numberOr(item[cursor.field], Number.NaN);
    if (Number.isNaN(value)) throw new CodingResponseError(`Coding's answer to ${action} has an item without a numeric ${cursor.field}, so an incremental read cannot place it.`);
    return value;
  };
  const idOf = (item: Item): number | string => validId(declaration, item);

  let position: Position = { value: start.value, ids: [...start.ids] };
  // A bulk edit can put thousands of issues on one timestamp: look ids up in a set, not the list.
  let idsAtValue = new Set(position.ids);
  let restarts = 0;
  let first = true;
  let query: { params: Record<string, unknown>; page: number; previousLast: Item | undefined; perDay: Map<string, number>; from: number } | undefined;

  for (;;) {
    const restarted = query === undefined;
    query ??= {
      params: { ...list.params(partition), ...cursor.since(position.value) },
      page: 1,
      previousLast: undefined,
      perDay: new Map(),
      from: codingDayStart(position.value),
    };
    const page = await fetchPage(client, action, query.params, shape, query.page, size);
    if (query.previousLast !== undefined && !(await stillBefore(query.params, query.page, query.previousLast))) {
      restarts += 1;
      if (restarts > maxRestarts) {
        options.warn(
          `${declaration.name} of ${partition.key}: stopped early because Coding's data kept changing under the read (${restarts} pages re-read); the next sync continues from here and loses nothing.`,
        );
        return { complete: false };
      }
      query = undefined;
      continue;
    }

    if (query.page === 1 && page.items.length === 0 && (page.totalCount ?? 0) > 0) {
      // A first page lists everything from the position's day on: empty, it contradicts its own total.
      // Coding may count what a token cannot see, so this is told rather than failed.
      options.warn(`${declaration.name} of ${partition.key}: Coding reported ${page.totalCount} item(s) for ${action} but listed none.`);
    }

    const fresh: Item[] = [];
    let previousValue = Number.NEGATIVE_INFINITY;
    for (const item of page.items) {
      const value = valueOf(item);
      if (value < previousValue) {
        // The whole method rests on this order; reading on would risk skipping items silently.
        throw new CodingResponseError(`Coding did not sort ${action} by ${cursor.field} as asked, so an incremental read cannot be trusted.`);
      }
      if (value < query.from) {
        // Coding filters by whole days from the position's day: an older item means the filter was ignored.
        throw new CodingResponseError(`Coding ignored the ${cursor.field} filter of ${action} (it listed an item from before the day asked for), so an incremental read cannot be trusted; a proxy between the connector and Coding may be dropping request fields.`);
      }
      previousValue = value;
      const id = idOf(item);
      const day = codingDay(value);
      query.perDay.set(day, (query.perDay.get(day) ?? 0) + 1);
      if (value > position.value) {
        position = { value, ids: [id] };
        idsAtValue = new Set(position.ids);
        fresh.push(item);
      } else if (value === position.value && !idsAtValue.has(id)) {
        position.ids.push(id);
        idsAtValue.add(id);
        fresh.push(item);
      }
    }
    yield { items: fresh, position: { value: position.value, ids: [...position.ids] }, totalCount: first ? page.totalCount : undefined };
    first = false;
    if (page.items.length < size) return { complete: true };

    const alreadyReadInDay = query.perDay.get(codingDay(position.value)) ?? 0;
    if (alreadyReadInDay < size / 2) {
      if (restarted && fresh.length === 0) {
        // The next query would be this one again: the listing does not move forward (Coding ignores
        // the filter or the page number). Stop with an error rather than loop forever.
        throw new CodingResponseError(`Coding answered ${action} for ${partition.key} with ${size} items already read, again, from ${cursor.field} ${position.value}: the listing does not advance, so the read stops rather than loop.`);
      }
      query = undefined;
    } else {
      query.previousLast = page.items[page.items.length - 1];
      query.page += 1;
    }
  }

  async function stillBefore(params: Record<string, unknown>, pageNumber: number, expected: Item): Promise<boolean> {
    // Page number (p-1)*size of 1-item pages is the item at offset (p-1)*size - 1: the one just before page p.
    const check = await fetchPage(client, action, params, shape, (pageNumber - 1) * size, 1);
    const found = check.items[0];
    return found !== undefined && idOf(found) === idOf(expected) && valueOf(found) === valueOf(expected);
  }
}

function numberOr(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fallback;
}
