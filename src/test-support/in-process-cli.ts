import { Writable } from 'node:stream';
import { runCommand } from '../cli/run-cli.js';
import { protocolLines, type CliRun } from './cli-runner.js';

/** A stream that keeps what is written to it, as a process's stdout or stderr would show it. */
class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/**
 * Runs one command the way the executable does, minus the process: same dispatch, same error
 * reporting, same exit code, with stdout and stderr captured. Every stdout line is parsed and validated
 * as a protocol message, as `runCli` does for a child process. Costs milliseconds instead of the half
 * second a process start costs, so suites can try hundreds of inputs.
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await runCommand(args, { stdout, stderr });
  return { code, messages: protocolLines(stdout.text, stderr.text), stdout: stdout.text, stderr: stderr.text };
}
