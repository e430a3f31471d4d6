import { CodingPermissionError } from '../coding/errors.js';
import { fetchPage } from '../coding/paging.js';
import { ConnectorError } from '../errors.js';
import type { RunContext } from './context.js';
import type { StreamDeclaration } from './declaration.js';

export interface CheckResult {
  succeeded: boolean;
  message: string;
}

/**
 * Answers "will a sync with this config work?": the token is accepted, every configured project exists,
 * and the token may list each stream. A stream the token may not read (e.g. members without the
 * project:member:ro scope) does not fail the check, since the user may not sync it, but is named in the
 * message; issues, the reason this connector exists, does fail it.
 */
export async function check(ctx: RunContext, streams: readonly StreamDeclaration[], required: string): Promise<CheckResult> {
  try {
    const me = await ctx.client.call('DescribeCodingCurrentUser');
    const user = (me.User as { Name?: unknown } | undefined)?.Name;
    const projects = await ctx.projects.list();
    if (projects.length === 0) {
      return { succeeded: false, message: `The token is valid but sees no project in team ${ctx.settings.teamName}. Add the token's user to a project, or check team_name.` };
    }
    const warnings: string[] = [];
    const [partition] = await ctx.projects.partitions('project');
    for (const declaration of streams) {
      const probe = declaration.scope === 'project' ? partition : (await ctx.projects.partitions('team'))[0];
      if (!probe) continue;
      try {
        await fetchPage(ctx.client, declaration.list.action, declaration.list.params(probe), declaration.list.shape, 1, 1);
      } catch (error) {
        if (!(error instanceof CodingPermissionError) || declaration.name === required) throw error;
        warnings.push(`stream ${declaration.name} will fail: ${error.message}`);
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
