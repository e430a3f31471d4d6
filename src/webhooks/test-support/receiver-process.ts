import type { ChildProcess } from 'node:child_process';
import type { WebhookProcessOptions } from '../serve-process.js';
import { exitOf, spawnTsEntry, waitForLine } from './child-process.js';

export type ReceiverProcessOptions = Omit<WebhookProcessOptions, 'log'>;

export interface ReceiverProcess {
  child: ChildProcess;
  pid: number;
  /** Where deliveries go (`${url}/webhooks/coding`). */
  url: string;
  /** The ops port's URL, when `opsPort` was given. */
  opsUrl: string | null;
  /** What the receiver logged on stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The receiver in a process of its own (receiver-entry.ts), so that its memory and descriptors can be read. */
export async function startReceiverProcess(options: ReceiverProcessOptions, nodeOptions: string[] = []): Promise<ReceiverProcess> {
  const child = spawnTsEntry('./receiver-entry.ts', [JSON.stringify(options)], {}, nodeOptions);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Bounded: an abuse test makes the receiver log a lot.
    if (errors.length < 1_000_000) errors += chunk.toString();
  });
  const listening = await waitForLine(child, /^LISTENING (\S+)(?: OPS (\S+))?$/);
  return {
    child,
    pid: child.pid!,
    url: listening[1]!,
    opsUrl: listening[2] ?? null,
    stderr: () => errors,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exitOf(child);
    },
  };
}
