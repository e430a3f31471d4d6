import { ConfigError } from '../errors.js';
import { shownValue } from '../json.js';
import { message } from '../protocol/messages.js';
import type { SelectedStream } from '../protocol/catalog-input.js';
import type { InputState } from '../protocol/state-input.js';
import type { RunContext } from './context.js';
import type { Stream } from './declaration.js';
import { runStream } from './run-stream.js';

export interface ReadOutcome {
  failed: string[];
}

/**
 * Reads the configured streams one after the other (they share one rate limit; within a stream,
 * partitions and per-item calls run side by side). Projects are resolved first: a misspelt project fails the read once, with a
 * config error, before any stream starts.
 */
export async function read(
  ctx: RunContext,
  streams: readonly Stream[],
  selected: SelectedStream[],
  state: InputState,
): Promise<ReadOutcome> {
  const byName = new Map(streams.map((s) => [s.name, s]));
  if (selected.some((s) => { const partitions = byName.get(s.name)?.partitions; return partitions !== undefined && partitions !== 'team'; })) await ctx.partitions.projects(ctx);
  const failed: string[] = [];
  for (const stream of selected) {
    const declaration = byName.get(stream.name);
    if (!declaration) {
      const known = streams.map((s) => s.name).join(', ');
      const error = new ConfigError(`The catalog asks for stream ${shownValue(stream.name)}, which this source does not have (it has ${known}). Refresh the source schema.`);
      await ctx.emit(message.error(error.message, error.failureType, { stream: stream.name }));
      await ctx.emit(message.streamStatus(stream.name, 'INCOMPLETE'));
      failed.push(stream.name);
      continue;
    }
    const ok = await runStream(ctx, declaration, stream, state.get(stream.name));
    if (!ok) failed.push(stream.name);
  }
  return { failed };
}
