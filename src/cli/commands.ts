import { resolveConfig, type Settings } from '../config/resolve-config.js';
import { ConfigError } from '../errors.js';
import { check } from '../engine/check.js';
import { discover } from '../engine/discover.js';
import { read } from '../engine/read.js';
import { parseConfiguredCatalog } from '../protocol/catalog-input.js';
import { readJsonFile } from '../protocol/input-files.js';
import { message } from '../protocol/messages.js';
import { parseState } from '../protocol/state-input.js';
import type { ProtocolWriter } from '../protocol/writer.js';
import { PROJECTS_STREAM, STREAMS } from '../streams/index.js';
import { createRunContext } from './context.js';
import { secretsIn } from '../config/secrets.js';

/** What a command leaves behind: its exit code. Messages have been written by then. */
export type ExitCode = number;

export async function checkCommand(writer: ProtocolWriter, configPath: string): Promise<ExitCode> {
  const raw = await readJsonFile(configPath, 'config');
  writer.redact(...secretsIn(raw));
  let settings: Settings;
  try {
    settings = resolveConfig(raw);
  } catch (error) {
    // A config that parses but is wrong is an answer to "does this config work?", not a crash.
    if (error instanceof ConfigError) {
      await writer.write(message.connectionStatus(false, error.message));
      return 0;
    }
    throw error;
  }
  const ctx = createRunContext(settings, writer, 'check', PROJECTS_STREAM);
  let result;
  try {
    result = await check(ctx, STREAMS, 'issues');
  } finally {
    await ctx.closeEventStore?.().catch(() => undefined);
    await ctx.finish();
  }
  await writer.write(message.connectionStatus(result.succeeded, result.message));
  return 0;
}

export async function discoverCommand(writer: ProtocolWriter, configPath: string): Promise<ExitCode> {
  const settings = await loadSettings(writer, configPath);
  // Only streams whose schema depends on the team's data (custom fields) make discover call Coding;
  // with check's short retry budget, so that an unreachable Coding is reported in seconds.
  let ctx: ReturnType<typeof createRunContext> | undefined;
  const streams = await discover(STREAMS, settings, () => (ctx ??= createRunContext(settings, writer, 'check', PROJECTS_STREAM)));
  await writer.write({ type: 'CATALOG', catalog: { streams } });
  return 0;
}

export async function readCommand(writer: ProtocolWriter, configPath: string, catalogPath: string, statePath: string | undefined): Promise<ExitCode> {
  const settings = await loadSettings(writer, configPath);
  const selected = parseConfiguredCatalog(await readJsonFile(catalogPath, 'catalog'));
  const state = statePath === undefined ? new Map() : parseState(await readJsonFile(statePath, 'state', { allowEmpty: true }));
  const ctx = createRunContext(settings, writer, 'read', PROJECTS_STREAM);
  let outcome;
  try {
    outcome = await read(ctx, STREAMS, selected, state);
  } finally {
    await ctx.finish();
    await ctx.closeEventStore?.();
  }
  if (outcome.failed.length > 0) {
    await ctx.log('ERROR', `The sync did not complete: ${outcome.failed.join(', ')} failed (see the errors above); the other streams were read and checkpointed.`);
    return 1;
  }
  return 0;
}

async function loadSettings(writer: ProtocolWriter, configPath: string): Promise<Settings> {
  const raw = await readJsonFile(configPath, 'config');
  writer.redact(...secretsIn(raw));
  return resolveConfig(raw);
}
