/**
 * What every acceptance test needs: the seed-42 simulator in this process, the checked-in sample
 * config pointed at it, and the built connector run as the platform runs it (a child process with
 * files as arguments, every stdout line validated against the official protocol schema by runCli).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type JsonObject } from '../../src/json.js';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, tempFiles, type AirbyteLine, type CliRun } from '../../src/test-support/cli-runner.js';
import { projectRoot } from '../../src/test-support/protocol-schema.js';

export const integrationDir = join(projectRoot, 'integration_tests');

export function readJson<T = unknown>(relativeToRoot: string): T {
  return JSON.parse(readFileSync(join(projectRoot, relativeToRoot), 'utf8')) as T;
}

export interface Harness {
  sim: Simulator;
  /** integration_tests/sample_config.json with api_url pointing at this simulator. */
  config: JsonObject;
  configPath: string;
  close(): Promise<void>;
}

/** The checked-in file with its api_url replaced: the port is the only thing a test run changes. */
export function configFor(sim: Simulator, file: string): JsonObject {
  const config = readJson<JsonObject>(file);
  return { ...config, api_url: sim.apiUrl };
}

export async function startHarness(): Promise<Harness> {
  // The defaults are the documented dataset (seed 42, 3 projects): the one expected_records.jsonl comes from.
  const sim = await startSimulator({ port: 0 });
  const config = configFor(sim, 'integration_tests/sample_config.json');
  const { 'config.json': configPath } = await tempFiles({ 'config.json': config });
  if (!configPath) throw new Error('config file not written');
  return { sim, config, configPath, close: () => sim.close() };
}

export async function withConfig(config: JsonObject): Promise<string> {
  const { 'config.json': path } = await tempFiles({ 'config.json': config });
  if (!path) throw new Error('config file not written');
  return path;
}

export async function spec(): Promise<CliRun> {
  return runCli(['spec']);
}

export async function check(configPath: string): Promise<CliRun> {
  return runCli(['check', '--config', configPath]);
}

export async function discover(configPath: string): Promise<CliRun> {
  return runCli(['discover', '--config', configPath]);
}

/** `read`, with the catalog (and state, if any) written to files as the platform does. */
export async function read(configPath: string, catalog: unknown, state?: unknown): Promise<CliRun> {
  const files = await tempFiles(state === undefined ? { 'catalog.json': catalog } : { 'catalog.json': catalog, 'state.json': state });
  const args = ['read', '--config', configPath, '--catalog', files['catalog.json'] ?? ''];
  if (state !== undefined) args.push('--state', files['state.json'] ?? '');
  return runCli(args);
}

export interface StreamDef {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: string[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export interface ConfiguredStream {
  stream: StreamDef;
  sync_mode: string;
  destination_sync_mode: string;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface RecordMessage {
  stream: string;
  data: JsonObject;
  emitted_at: number;
}

export interface StateMessage {
  type?: string;
  stream: { stream_descriptor: { name: string; namespace?: string }; stream_state?: JsonObject | null };
  sourceStats?: { recordCount: number };
}

export function catalogOf(run: CliRun): StreamDef[] {
  const [message] = ofType(run.messages, 'CATALOG');
  const catalog = message?.catalog;
  if (!isObject(catalog) || !Array.isArray(catalog.streams)) throw new Error(`no CATALOG in the output:\n${run.stderr}`);
  return catalog.streams as StreamDef[];
}

export function records(run: CliRun): RecordMessage[] {
  return ofType(run.messages, 'RECORD').map((m) => m.record as RecordMessage);
}

export function states(run: CliRun): StateMessage[] {
  return ofType(run.messages, 'STATE').map((m) => m.state as StateMessage);
}

export function traces(run: CliRun, type: string): JsonObject[] {
  return ofType(run.messages, 'TRACE')
    .map((m) => m.trace as JsonObject)
    .filter((t) => t.type === type);
}

export function streamStatuses(run: CliRun): Array<{ stream: string; status: string }> {
  return traces(run, 'STREAM_STATUS').map((t) => {
    const s = t.stream_status as { stream_descriptor: { name: string }; status: string };
    return { stream: s.stream_descriptor.name, status: s.status };
  });
}

/** CAT's build_configured_catalog_from_discovered_catalog_and_empty_streams: the first supported mode, append. */
export function configuredFromDiscovered(streams: StreamDef[], emptyStreams: string[] = []): { streams: ConfiguredStream[] } {
  return {
    streams: streams
      .filter((s) => !emptyStreams.includes(s.name))
      .map((s) => ({
        stream: s,
        sync_mode: s.supported_sync_modes[0] ?? 'full_refresh',
        destination_sync_mode: 'append',
        ...(s.default_cursor_field ? { cursor_field: s.default_cursor_field } : {}),
        ...(s.source_defined_primary_key ? { primary_key: s.source_defined_primary_key } : {}),
      })),
  };
}

/** CAT's build_configured_catalog_from_custom_catalog: the file's choices, with the discovered stream definitions. */
export function configuredFromFile(file: { streams: ConfiguredStream[] }, discovered: StreamDef[]): { streams: ConfiguredStream[] } {
  return {
    streams: file.streams.map((entry) => {
      const stream = discovered.find((s) => s.name === entry.stream.name);
      if (!stream) throw new Error(`${entry.stream.name} is in the configured catalog file but not discovered`);
      return { ...entry, stream };
    }),
  };
}

/** CAT's full_refresh_only_catalog. */
export function fullRefreshOnly(catalog: { streams: ConfiguredStream[] }): { streams: ConfiguredStream[] } {
  return {
    streams: catalog.streams.filter((s) => s.stream.supported_sync_modes.includes('full_refresh')).map((s) => ({ ...s, sync_mode: 'full_refresh' })),
  };
}

/** CAT's incremental_only_catalog, with the cursor defaulted as configured_catalog_for_incremental does. */
export function incrementalOnly(catalog: { streams: ConfiguredStream[] }): { streams: ConfiguredStream[] } {
  return {
    streams: catalog.streams
      .filter((s) => s.stream.supported_sync_modes.includes('incremental'))
      .map((s) => {
        const cursor = s.cursor_field ?? s.stream.default_cursor_field;
        if (!cursor) throw new Error(`incremental stream ${s.stream.name} has neither cursor_field nor default_cursor_field`);
        return { ...s, sync_mode: 'incremental', cursor_field: cursor };
      }),
  };
}

/** The state a platform passes to the next sync: the last state of each stream, as an array of STREAM states. */
export function latestStateInput(stateMessages: StateMessage[]): Array<{ type: 'STREAM'; stream: StateMessage['stream'] }> {
  const latest = new Map<string, StateMessage['stream']>();
  for (const state of stateMessages) latest.set(state.stream.stream_descriptor.name, { stream_descriptor: { name: state.stream.stream_descriptor.name }, stream_state: state.stream.stream_state ?? {} });
  return [...latest.values()].map((stream) => ({ type: 'STREAM', stream }));
}

export function describeRun(run: CliRun): string {
  const errors = traces(run, 'ERROR').map((t) => JSON.stringify(t.error));
  return `exit ${String(run.code)}; errors: ${errors.join(' | ') || 'none'}; stderr: ${run.stderr.slice(0, 1500)}`;
}

export type { AirbyteLine, CliRun };
