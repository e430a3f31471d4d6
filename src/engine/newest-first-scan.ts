import type { CodingClient } from '../coding/client.js';
import { CodingResponseError } from '../coding/errors.js';
import { fetchPage, type Item } from '../coding/paging.js';
import { listOf, type Partition, type Stream } from './declaration.js';
import { idOf as validId } from './listing.js';
import type { Position } from './stream-state.js';

export interface NewestFirstStep {
  /** Items not emitted (in final form) before, in listing order. */
  items: Item[];
  /** Set on the last step only: where the partition stands once it was read through. */
  position: Position | undefined;
  /** Coding's count of the whole listing, on the first page. */
  totalCount: number | undefined;
}

export interface NewestFirstOptions {
  pageSize: number;
  warn(message: string): void;
  /**
   * The most finished items a position keeps above an unfinished one. Past it the position moves on
   * and those unfinished items are not read again when they finish (a full refresh reads them).
   */
  maxHeld?: number;
}

/**
 * Reads a listing that Coding returns newest first, whatever is asked (a depot's commits, a CI job's
 * builds), for what is new since `start`. The newest items come first, so the position can only move
 * once the partition has been read down to `start`: until then its steps carry no position, and a
 * sync interrupted half-way reads the partition again from `start` (its records repeat, none is lost).
 *
 * Paging stops at the first page that reaches below `start` while the listing keeps its order; if
 * an item is ever newer than the one before it (Coding's order is INFERRED), only a page lying wholly
 * below `start` stops it. `since` narrows the listing where Coding can (commits: a day filter).
 *
 * Unfinished items (running builds) are emitted as they are, and the position stays at the oldest of
 * them, keeping the ids of the finished items above it: the next read emits the unfinished ones again,
 * and the finished ones not again.
 */
export async function* newestFirstScan(client: CodingClient, stream: Stream, partition: Partition, start: Position, options: NewestFirstOptions): AsyncGenerator<NewestFirstStep> {
  const cursor = stream.cursor;
  if (!cursor) throw new Error(`stream ${stream.name} declares no cursor`);
  const list = listOf(stream);
  const { action, shape } = list;
  const size = options.pageSize;
  const maxHeld = options.maxHeld ?? 500;
  const params = { ...list.params(partition), ...(start.value > 0 ? cursor.since(start.value) : {}) };
  const emitted = new Set(start.ids);
  const valueOf = (item: Item): number => {
    const raw = item[cursor.field];
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value)) throw new CodingResponseError(`Coding's answer to ${action} has an item without a numeric ${cursor.field}, so an incremental read cannot place it.`);
    return value;
  };

  let newest: Position = { value: start.value, ids: [] };
  let oldestUnfinished: number | undefined;
  const unfinishedIds: Array<number | string> = [];
  // Finished items in listing order; the ones above the oldest unfinished item stay in the position.
  const finished: Array<{ id: number | string; value: number }> = [];
  let overflow = false;
  let ordered = true;
  let previousValue = Number.POSITIVE_INFINITY;
  let previousPage = new Set<number | string>();
  let totalCount: number | undefined;

  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(client, action, params, shape, pageNumber, size);
    if (pageNumber === 1) totalCount = page.totalCount;
    const fresh: Item[] = [];
    const ids = new Set<number | string>();
    let below = 0;
    for (const item of page.items) {
      const id = validId(stream, item);
      const value = valueOf(item);
      ids.add(id);
      if (value > previousValue) ordered = false;
      previousValue = value;
      if (value < start.value) {
        below++;
        continue;
      }
      // New items at the front shift the pages: an item of the previous page may come again.
      if (previousPage.has(id)) continue;
      if (value > newest.value) newest = { value, ids: [id] };
      else if (value === newest.value && !newest.ids.includes(id)) newest.ids.push(id);
      if (cursor.unfinished?.(item)) {
        oldestUnfinished = Math.min(oldestUnfinished ?? value, value);
        unfinishedIds.push(id);
      } else {
        if (!overflow) finished.push({ id, value });
        if (finished.length > maxHeld) overflow = true;
        if (emitted.has(id)) continue;
      }
      fresh.push(item);
    }
    const last = page.items[page.items.length - 1];
    const end = page.items.length < size || (page.items.length > 0 && below === page.items.length) || (ordered && last !== undefined && valueOf(last) < start.value);
    if (!end && fresh.length === 0 && pageNumber > 1 && ids.size > 0 && [...ids].every((id) => previousPage.has(id))) {
      // The same page again for a new page number: the listing does not advance.
      throw new CodingResponseError(`Coding answered ${action} for ${partition.key} with page ${pageNumber} equal to page ${pageNumber - 1}: the listing does not advance, so the read stops rather than loop.`);
    }
    previousPage = ids;
    if (end) {
      yield { items: fresh, position: finalPosition(), totalCount: pageNumber === 1 ? totalCount : undefined };
      return;
    }
    yield { items: fresh, position: undefined, totalCount: pageNumber === 1 ? totalCount : undefined };
  }

  function finalPosition(): Position {
    if (oldestUnfinished === undefined) return newest;
    const held = finished.filter((f) => f.value >= (oldestUnfinished as number)).map((f) => f.id);
    if (overflow && held.length >= maxHeld) {
      options.warn(
        `${stream.name} of ${partition.key}: ${unfinishedIds.length} unfinished item(s) (${unfinishedIds.slice(0, 10).join(', ')}) are older than the ${maxHeld} newest finished ones; the next syncs will not read them again when they finish (a full refresh does).`,
      );
      return newest;
    }
    return { value: oldestUnfinished, ids: held };
  }
}
