import { CodingNotFoundError, CodingPermissionError } from '../coding/errors.js';
import type { Item } from '../coding/paging.js';
import { ConnectorError } from '../errors.js';
import type { RunContext } from './context.js';
import type { Partition, Stream } from './declaration.js';
import { ChildFetcher } from './child-calls.js';
import { listPartition } from './listing.js';

export interface CheckResult {
  succeeded: boolean;
  message: string;
}

/**
 * Answers "will a sync with this config work?": the token is accepted, every configured project exists,
 * and the token may list each stream (one page of each, in the first partition). A stream the token may
 * not read (e.g. members without the project:member:ro scope) does not fail the check, since the user may
 * not sync it, but is named in the message; `required` (issues, the reason this connector exists) does.
 * Each listing is asked for once: the projects already read are not probed again, a parent's first
 * page serves its child streams, and the listings below a project are asked for only as far as the
 * probes get (a check runs at the configured rate, so every request saved is a tenth of a second).
 */
export async function check(ctx: RunContext, streams: readonly Stream[], required: string): Promise<CheckResult> {
  try {
    const me = await ctx.client.call('DescribeCodingCurrentUser');
    const user = (me.User as { Name?: unknown } | undefined)?.Name;
    const projects = await ctx.partitions.projects(ctx);
    if (projects.length === 0) {
      return { succeeded: false, message: `The token is valid but sees no project in team ${ctx.settings.teamName}. Add the token's user to a project, or check team_name.` };
    }
    const warnings: string[] = [];
    const firstPages = new FirstPages(ctx);
    for (const stream of streams) {
      try {
        if (ctx.partitions.listsProjectsWith(stream)) continue;
        if (stream.children) {
          await probeChildren(ctx, stream, firstPages);
          continue;
        }
        await probe(ctx, stream, firstPages);
      } catch (error) {
        if (!(error instanceof CodingPermissionError) || stream.name === required) throw error;
        warnings.push(`stream ${stream.name} will fail: ${error.message}`);
      }
    }
    if (ctx.eventStore) {
      // Webhook mode: syncs read the receiver's event log, so it must be reachable from here.
      const store = await ctx.eventStore();
      await store.head();
    }
    for (const warning of warnings) await ctx.log('WARN', warning);
    const who = typeof user === 'string' && user ? ` as ${user}` : '';
    const message = `Connected to ${ctx.settings.apiUrl}${who}; ${projects.length} project(s): ${projects.map((p) => p.name).join(', ')}.`;
    return { succeeded: true, message: warnings.length ? `${message} Warning: ${warnings.join('; ')}` : message };
  } catch (error) {
    if (error instanceof ConnectorError) return { succeeded: false, message: error.message };
    throw error;
  }
}

/** Sub-partitions (depots, CI jobs) tried before a stream's probe gives up on a refusal. */
const PROBES = 5;

/**
 * Lists one page of the stream's first partition. A partition below a project that Coding will not
 * list (an empty depot, one the user may not read) is skipped by syncs, so the probe tries the next
 * one; as in a sync, a refusal counts only when every one tried was refused.
 */
async function probe(ctx: RunContext, stream: Stream, firstPages: FirstPages): Promise<void> {
  let tried = 0;
  let refused = 0;
  let refusal: CodingPermissionError | undefined;
  for await (const partition of ctx.partitions.of(ctx, stream, undefined, { lazily: true })) {
    try {
      await firstPages.of(stream, partition);
      return;
    } catch (error) {
      const skippable = partition.parent !== undefined && (error instanceof CodingNotFoundError || error instanceof CodingPermissionError);
      if (!skippable) throw error;
      if (error instanceof CodingPermissionError) {
        refusal ??= error;
        refused++;
      }
      if (++tried >= PROBES) break;
    }
  }
  if (refusal && refused === tried) throw refusal;
}

/** The children of the first parent listed, when there is one: what a child stream's permission needs. */
async function probeChildren(ctx: RunContext, stream: Stream, firstPages: FirstPages): Promise<void> {
  const parent = stream.children?.of;
  if (!parent) return;
  const partition: Partition | undefined = await first(ctx.partitions.of(ctx, stream, undefined, { lazily: true }));
  if (!partition) return;
  const item = (await firstPages.of(parent, partition))[0];
  if (item) await new ChildFetcher(ctx, stream).fetch(partition, [item]);
}

/** The first page of each listing a check reads, asked for once (issues' first page serves its four child streams). */
class FirstPages {
  private readonly pages = new Map<string, Promise<Item[]>>();

  constructor(private readonly ctx: RunContext) {}

  of(stream: Stream, partition: Partition): Promise<Item[]> {
    const key = `${stream.name}\u0000${partition.key}`;
    let page = this.pages.get(key);
    if (!page) {
      page = this.read(stream, partition);
      this.pages.set(key, page);
    }
    return page;
  }

  private async read(stream: Stream, partition: Partition): Promise<Item[]> {
    for await (const page of listPartition(this.ctx, stream, partition, { maxPages: 1 })) return page.items;
    return [];
  }
}

async function first<T>(values: AsyncIterable<T>): Promise<T | undefined> {
  for await (const value of values) return value;
  return undefined;
}
