import { CodingPermissionError } from '../coding/errors.js';
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
    for (const stream of streams) {
      try {
        const probe = await firstPartition(ctx, stream);
        if (!probe) continue;
        if (stream.children) {
          await probeChildren(ctx, stream, probe);
          continue;
        }
        for await (const page of listPartition(ctx, stream, probe, { maxPages: 1 })) void page;
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

/** The children of the first parent listed, when there is one: what a child stream's permission needs. */
async function probeChildren(ctx: RunContext, stream: Stream, partition: Partition): Promise<void> {
  const parent = stream.children?.of;
  if (!parent) return;
  for await (const page of listPartition(ctx, parent, partition, { maxPages: 1 })) {
    const first = page.items[0];
    if (first) await new ChildFetcher(ctx, stream).fetch(partition, [first]);
    return;
  }
}

async function firstPartition(ctx: RunContext, stream: Stream): Promise<Partition | undefined> {
  for await (const partition of ctx.partitions.of(ctx, stream)) return partition;
  return undefined;
}
