import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertValidMessage, projectRoot, sharedAvailable } from './protocol-schema.js';

export interface AirbyteLine {
  type: string;
  [key: string]: unknown;
}

export interface CliRun {
  code: number | null;
  messages: AirbyteLine[];
  stdout: string;
  stderr: string;
}

const builtEntry = join(projectRoot, 'dist', 'cli', 'main.js');

/**
 * Runs the built executable as the platform does (a child process, files as arguments), parses every
 * stdout line as JSON and — whenever the official schema is at hand — validates each one as an
 * AirbyteMessage, so every CLI test also proves protocol conformance.
 */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; entry?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const entry = options.entry ?? builtEntry;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does).`);
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, SOURCE_CODING_RETRY_BASE_MS: '20', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, messages: protocolLines(stdout, stderr), stdout, stderr };
}

/**
 * Parses every stdout line as JSON and — whenever the official schema is at hand — validates each one
 * as an AirbyteMessage; throws on the first line that is neither.
 */
export function protocolLines(stdout: string, stderr = ''): AirbyteLine[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`stdout line ${index + 1} is not JSON: ${line.slice(0, 200)}\nstderr: ${stderr.slice(0, 2000)}`);
      }
      if (sharedAvailable()) assertValidMessage(parsed);
      return parsed as AirbyteLine;
    });
}

/** Writes JSON files into a fresh temporary directory and returns their paths. */
export async function tempFiles(files: Record<string, unknown>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'source-coding-test-'));
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    paths[name] = path;
  }
  return paths;
}

export function ofType(messages: AirbyteLine[], type: string): AirbyteLine[] {
  return messages.filter((m) => m.type === type);
}

/** The per-stream states of a read, as the platform passes them to the next one: the latest of each stream. */
export function stateFileOf(run: CliRun): unknown[] {
  const latest = new Map<string, unknown>();
  for (const message of ofType(run.messages, 'STATE')) {
    const state = message.state as { stream: { stream_descriptor: { name: string } } };
    latest.set(state.stream.stream_descriptor.name, { type: 'STREAM', stream: state.stream });
  }
  return [...latest.values()];
}
