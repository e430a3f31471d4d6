import type { Item } from '../coding/paging.js';
import { pages } from '../coding/paging.js';
import type { JsonObject } from '../json.js';
import type { RunContext } from './context.js';
import { cursorScan } from './cursor-scan.js';
import type { Partition, StreamDeclaration } from './declaration.js';
import { enrich } from './enrich.js';
import { PositionBook } from './positions.js';
import { toRecord } from './records.js';

/** One checkpointable step of a read: records to emit, then the state that holds once they are. */
export interface ReadStep {
  records: Item[];
  state: JsonObject;
  /** Coding's count of what this read will cover, when known so far. */
  estimate?: number;
}

/** The state of full-refresh streams: nothing to resume from, but each stream still checkpoints. */
export const NO_CURSOR_STATE: JsonObject = { __ab_no_cursor_state_message: true };

/** Reads everything. Cursor streams scan by cursor even here, so that a full refresh is not lost to drift either. */
export async function* fullRefresh(ctx: RunContext, declaration: StreamDeclaration): AsyncGenerator<ReadStep> {
  if (declaration.cursor) {
    for await (const step of incrementalByCursor(ctx, declaration, undefined)) yield { ...step, state: NO_CURSOR_STATE };
    return;
  }
  const estimate = new Estimate();
  for (const partition of await ctx.projects.partitions(declaration.scope)) {
    const { action, shape, pageSize } = declaration.list;
    let first = true;
    for await (const page of pages(ctx.client, action, declaration.list.params(partition), shape, pageSize, (item) => item[declaration.idField])) {
      const kept = declaration.include ? page.items.filter((item) => declaration.include?.(item, ctx.settings)) : page.items;
      const items = await enrich(ctx, declaration, partition, kept);
      const total = first && !declaration.include ? estimate.add(page.totalCount) : undefined;
      first = false;
      yield { records: items.map((item) => toRecord(declaration, partition, item)), state: NO_CURSOR_STATE, ...(total === undefined ? {} : { estimate: total }) };
    }
  }
}

/** Polling increments: per project, whatever changed since the position kept in state. */
export async function* incrementalByCursor(ctx: RunContext, declaration: StreamDeclaration, input: JsonObject | undefined): AsyncGenerator<ReadStep> {
  const cursor = declaration.cursor;
  if (!cursor) throw new Error(`stream ${declaration.name} declares no cursor`);
  const book = new PositionBook(declaration, input);
  const floor = cursor.floor(ctx.settings) ?? 0;
  const estimate = new Estimate();
  for (const partition of await ctx.projects.partitions(declaration.scope)) {
    const name = partitionName(partition);
    const saved = book.get(name);
    const start = saved && saved.value >= floor ? saved : { value: floor, ids: [] };
    const scan = cursorScan(ctx.client, declaration, partition, start, {
      pageSize: declaration.list.pageSize,
      warn: (message) => void ctx.log('WARN', message),
    });
    for await (const step of scan) {
      const items = await enrich(ctx, declaration, partition, step.items);
      book.set(name, step.position);
      const total = step.totalCount === undefined ? undefined : estimate.add(step.totalCount);
      yield { records: items.map((item) => toRecord(declaration, partition, item)), state: book.toState(), ...(total === undefined ? {} : { estimate: total }) };
    }
  }
}

function partitionName(partition: Partition): string {
  return partition.project?.name ?? partition.teamName;
}

/** Sums the totals Coding reports per partition, as partitions are reached. */
class Estimate {
  private total = 0;
  add(count: number | undefined): number | undefined {
    if (count === undefined) return undefined;
    this.total += count;
    return this.total;
  }
}
