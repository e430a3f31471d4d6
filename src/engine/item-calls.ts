import { CodingNotFoundError } from '../coding/errors.js';
import type { Item } from '../coding/paging.js';
import { isObject } from '../json.js';
import type { RunContext } from './context.js';
import type { Partition, Stream } from './declaration.js';

/**
 * Adds the detail call's fields to each listed item, when the stream has one and the settings ask for
 * it. The calls are issued together: the client bounds how many are in flight and the shared rate
 * limiter spaces them, so latency is hidden without exceeding requests_per_second.
 */
export async function enrich(ctx: RunContext, stream: Stream, partition: Partition, items: Item[]): Promise<Item[]> {
  const detail = stream.detail;
  if (!detail || !detail.enabled(ctx.settings) || items.length === 0) return items;
  return Promise.all(
    items.map(async (item) => {
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
  );
}
