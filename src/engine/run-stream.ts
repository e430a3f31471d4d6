import { failureTypeOf, ConnectorError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { message } from '../protocol/messages.js';
import type { SelectedStream } from '../protocol/catalog-input.js';
import type { RunContext } from './context.js';
import type { StreamDeclaration } from './declaration.js';
import { fullRefresh, incrementalByCursor, NO_CURSOR_STATE, type ReadStep } from './readers.js';
import { webhookReader } from './webhook-reader.js';

/**
 * Runs one stream with the protocol's bookkeeping: STARTED and RUNNING statuses, records, a STATE after
 * every step with the number of records emitted since the previous STATE, an ESTIMATE when Coding says
 * how many rows there are, and COMPLETE — or, on failure, a TRACE error naming the stream and INCOMPLETE.
 * A failed stream keeps its last checkpoint; the other streams are not affected.
 * Returns whether the stream completed.
 */
export async function runStream(
  ctx: RunContext,
  declaration: StreamDeclaration,
  selected: SelectedStream,
  input: JsonObject | undefined,
): Promise<boolean> {
  const name = declaration.name;
  ctx.activity.stream = name;
  await ctx.emit(message.streamStatus(name, 'STARTED'));
  await ctx.emit(message.streamStatus(name, 'RUNNING'));
  let states = 0;
  try {
    const steps = chooseReader(ctx, declaration, selected, input);
    let lastEstimate: number | undefined;
    for await (const step of steps) {
      if (step.estimate !== undefined && step.estimate !== lastEstimate) {
        lastEstimate = step.estimate;
        await ctx.emit(message.estimate(name, step.estimate));
      }
      const emittedAt = Date.now();
      for (const record of step.records) await ctx.emit(message.record(name, record, emittedAt));
      await ctx.emit(message.state(name, step.state, step.records.length));
      states += 1;
    }
    // Every configured stream checkpoints at least once, even when it had nothing to read.
    if (states === 0) await ctx.emit(message.state(name, selected.syncMode === 'incremental' ? (input ?? {}) : NO_CURSOR_STATE, 0));
    await ctx.emit(message.streamStatus(name, 'COMPLETE'));
    return true;
  } catch (error) {
    const text = error instanceof ConnectorError ? error.message : `Reading ${name} failed unexpectedly.`;
    const internal = error instanceof ConnectorError ? error.internalMessage : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await ctx.emit(message.error(`Stream ${name}: ${text}`, failureTypeOf(error), { stream: name, ...(internal === undefined ? {} : { internal }) }));
    await ctx.emit(message.streamStatus(name, 'INCOMPLETE'));
    return false;
  }
}

function chooseReader(ctx: RunContext, declaration: StreamDeclaration, selected: SelectedStream, input: JsonObject | undefined): AsyncIterable<ReadStep> {
  if (selected.syncMode === 'incremental') {
    if (ctx.settings.incrementalMode === 'webhook') {
      const reader = webhookReader(ctx, declaration, input);
      if (reader) return reader;
    }
    if (declaration.cursor) return incrementalByCursor(ctx, declaration, input);
    void ctx.log('WARN', `Stream ${declaration.name} cannot be read incrementally in ${ctx.settings.incrementalMode} mode; reading it whole (full refresh).`);
  }
  return fullRefresh(ctx, declaration);
}
