import { failureTypeOf, ConnectorError } from '../errors.js';
import type { Item } from '../coding/paging.js';
import type { JsonObject } from '../json.js';
import { message } from '../protocol/messages.js';
import type { SelectedStream } from '../protocol/catalog-input.js';
import type { RunContext } from './context.js';
import type { Stream } from './declaration.js';
import { readChildren } from './readers/children.js';
import { fullRefresh } from './readers/full-refresh.js';
import { readByCursor } from './readers/by-cursor.js';
import { NO_CURSOR_STATE, type ReadStep } from './readers/read-step.js';
import { StreamState } from './stream-state.js';
import { StreamSummary } from './stream-summary.js';
import { incrementalWithSweep } from './sweep/deletion-sweep.js';
import { webhookReader } from './webhook/read-changes.js';

/**
 * Runs one stream with the protocol's bookkeeping: STARTED and RUNNING statuses, records, a STATE after
 * every step with the number of records emitted since the previous STATE, an ESTIMATE when Coding says
 * how many rows there are, and COMPLETE — or, on failure, a TRACE error naming the stream and INCOMPLETE.
 * A failed stream keeps its last checkpoint; the other streams are not affected.
 * Before its last status, one INFO line sums the stream up: records, tombstones, requests, Coding's totals.
 * Returns whether the stream completed.
 */
export async function runStream(ctx: RunContext, stream: Stream, selected: SelectedStream, input: JsonObject | undefined): Promise<boolean> {
  const name = stream.name;
  ctx.activity.stream = name;
  await ctx.emit(message.streamStatus(name, 'STARTED'));
  await ctx.emit(message.streamStatus(name, 'RUNNING'));
  let states = 0;
  const summary = new StreamSummary(ctx.client.requestCount);
  try {
    const state = StreamState.parse(stream, selected.syncMode === 'incremental' ? input : undefined);
    // Loaded while the first page is being read, not before it: both wait on Coding.
    const preparing = stream.prepare?.(ctx, selected.jsonSchema);
    preparing?.catch(() => undefined);
    let shape: ((record: Item) => Item) | undefined;
    let lastEstimate: number | undefined;
    for await (const step of chooseReader(ctx, stream, selected, state)) {
      shape ??= await preparing;
      if (step.estimate !== undefined && step.estimate !== lastEstimate) {
        lastEstimate = step.estimate;
        await ctx.emit(message.estimate(name, step.estimate));
      }
      summary.add(step);
      await ctx.emitRecords(name, shape ? step.records.map(shape) : step.records);
      await ctx.emit(message.state(name, step.state, step.records.length));
      states += 1;
    }
    // A read with nothing to emit still fails if what it loaded failed.
    await preparing;
    // Every configured stream checkpoints at least once, even when it had nothing to read.
    if (states === 0) await ctx.emit(message.state(name, selected.syncMode === 'incremental' ? state.toJSON() : NO_CURSOR_STATE, 0));
    await ctx.log('INFO', summary.describe(name, ctx.client.requestCount, true));
    await ctx.emit(message.streamStatus(name, 'COMPLETE'));
    return true;
  } catch (error) {
    const text = error instanceof ConnectorError ? error.message : `Reading ${name} failed unexpectedly.`;
    const internal = error instanceof ConnectorError ? error.internalMessage : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await ctx.emit(message.error(`Stream ${name}: ${text}`, failureTypeOf(error), { stream: name, ...(internal === undefined ? {} : { internal }) }));
    await ctx.log('INFO', summary.describe(name, ctx.client.requestCount, false));
    await ctx.emit(message.streamStatus(name, 'INCOMPLETE'));
    return false;
  }
}

function chooseReader(ctx: RunContext, stream: Stream, selected: SelectedStream, state: StreamState): AsyncIterable<ReadStep> {
  if (selected.syncMode === 'incremental') {
    if (ctx.settings.incrementalMode === 'webhook') {
      const reader = webhookReader(ctx, stream, state);
      if (reader) return reader;
      if (stream.cursor) void ctx.log('INFO', `Stream ${stream.name}: Coding sends no Service Hook event the connector can use for it, so in webhook mode it is read by polling, incrementally by ${stream.cursor.field}.`);
      if (stream.children) void ctx.log('INFO', `Stream ${stream.name}: Coding's Service Hooks do not report on it, so in webhook mode it is read by polling (the children of the ${stream.children.of.name} changed since its last sync).`);
    }
    if (stream.cursor) {
      if (stream.sweep && ctx.settings.deletionSweepHours >= 0) return incrementalWithSweep(ctx, stream, state);
      // A connection that does not sweep keeps the layout it had before sweeps existed.
      state.clearSweeps();
      return readByCursor(ctx, stream, state);
    }
    if (stream.children) return readChildren(ctx, stream, state);
    void ctx.log('WARN', `Stream ${stream.name} cannot be read incrementally in ${ctx.settings.incrementalMode} mode; reading it whole (full refresh).`);
  }
  return fullRefresh(ctx, stream);
}
