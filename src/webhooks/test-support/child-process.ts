import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs a TypeScript entry of test-support in its own node process, as the CLI would be run. */
export function spawnTsEntry(entry: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeOptions: string[] = []): ChildProcess {
  const path = fileURLToPath(new URL(entry, import.meta.url));
  return spawn(process.execPath, [...nodeOptions, '--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errors = '';
    const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr:\n${errors}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        const match = pattern.exec(line);
        if (match !== null) return finish(null, match);
      }
    };
    const onErr = (chunk: Buffer): void => {
      errors += chunk.toString();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`process exited (${code ?? signal}) before printing ${pattern}; stderr:\n${errors}`));
    function finish(error: Error | null, match?: RegExpExecArray): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error !== null) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}
