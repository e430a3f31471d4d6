import pLimit from 'p-limit';
import { CodingNotFoundError } from '../coding/errors.js';
import type { Item } from '../coding/paging.js';
import { isObject } from '../json.js';
import type { RunContext } from './context.js';
import type { Partition, StreamDeclaration } from './declaration.js';

// Several detail calls in flight hide Coding's latency; the shared rate limiter still spaces them.
const DETAIL_CONCURRENCY = 8;

/** Adds the detail call's fields to each listed item, when the stream has one and the settings ask for it. */
export async function enrich(ctx: RunContext, declaration: StreamDeclaration, partition: Partition, items: Item[]): Promise<Item[]> {
  const detail = declaration.detail;
  if (!detail || !detail.enabled(ctx.settings) || items.length === 0) return items;
  const limit = pLimit(DETAIL_CONCURRENCY);
  return Promise.all(
    items.map((item) =>
      limit(async () => {
        try {
          const response = await ctx.client.call(detail.action, detail.params(partition, item));
          const extra = response[detail.payloadKey];
          return isObject(extra) ? { ...item, ...extra } : item;
        } catch (error) {
          // Deleted between the list and the detail call: the listed version is the last one Coding had.
          if (error instanceof CodingNotFoundError) return item;
          throw error;
        }
      }),
    ),
  );
}
