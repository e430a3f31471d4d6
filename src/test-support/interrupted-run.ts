import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { protocolLines, type AirbyteLine } from './cli-runner.js';
import { projectRoot } from './protocol-schema.js';

export interface InterruptedRun {
  /** The whole lines the run wrote, parsed and validated as protocol messages. */
  messages: AirbyteLine[];
  /** What followed the last newline: a line cut by the kill (the platform discards it). */
  partial: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the signal was sent (false: the run ended before its n-th line). */
  interrupted: boolean;
  stderr: string;
}

/**
 * Runs the built executable and sends it `signal` once it has written `afterLines` lines: a kill placed
 * by output progress, so that the same number lands at a comparable point whatever the machine's speed.
 * The child keeps writing until the signal arrives; everything it wrote is kept.
 */
export async function runInterrupted(args: string[], afterLines: number, signal: 'SIGKILL' | 'SIGTERM', env: NodeJS.ProcessEnv = {}): Promise<InterruptedRun> {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'cli', 'main.js'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, SOURCE_CODING_RETRY_BASE_MS: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let lines = 0;
  let interrupted = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (interrupted) return;
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines += 1;
    if (lines >= afterLines) interrupted = child.kill(signal);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code, endedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(guard);
  const cut = stdout.lastIndexOf('\n') + 1;
  return { messages: protocolLines(stdout.slice(0, cut), stderr), partial: stdout.slice(cut), code, signal: endedBy, interrupted, stderr };
}
