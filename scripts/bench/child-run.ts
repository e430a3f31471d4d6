/**
 * Runs one measured child process (the connector or the floor) and reports what the benchmark
 * compares: wall time seen from outside, the child's own CPU time and peak RSS (reported by the
 * preloaded report-usage.mjs), and counts of what it wrote, without keeping the output.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LineCounter } from './line-counter.js';

export interface ChildRunOptions {
  /** Script and arguments after `node [nodeArgs]`. */
  args: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Lines that count as records; every line counts when absent. */
  recordPrefix?: string;
  /** Keep the whole stdout (only for small outputs: a check, a read of a few hundred records). */
  keepStdout?: boolean;
  /** Pauses stdout this long after each chunk, like a slow consumer. */
  slowReaderMs?: number;
  /** Preload the usage reporter (off for start-up timings, where it would add its own load). */
  usage?: boolean;
}

export interface ChildRun {
  exitCode: number | null;
  wallS: number;
  /** User + system CPU of the child, seconds (NaN without usage). */
  cpuS: number;
  peakRssMb: number;
  lines: number;
  records: number;
  bytes: number;
  /** The whole stdout when kept, else empty. */
  stdout: string;
  stderrTail: string;
}

const usageReporter = join(import.meta.dirname, 'report-usage.mjs');

export function runChild(options: ChildRunOptions): Promise<ChildRun> {
  const usage = options.usage ?? true;
  const nodeArgs = [...(options.nodeArgs ?? []), ...(usage ? ['--import', usageReporter] : [])];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, ...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const lines = new LineCounter(options.recordPrefix ?? '');
    const kept: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      lines.push(chunk);
      if (options.keepStdout) kept.push(chunk);
      if (options.slowReaderMs) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), options.slowReaderMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      lines.finish();
      const reported = parseUsage(stderr);
      resolve({
        exitCode,
        wallS,
        cpuS: reported ? (reported.userUs + reported.systemUs) / 1e6 : Number.NaN,
        peakRssMb: reported ? reported.maxRssKb / 1024 : Number.NaN,
        lines: lines.lines,
        records: options.recordPrefix === undefined ? lines.lines : lines.matching,
        bytes: lines.bytes,
        stdout: Buffer.concat(kept).toString(),
        stderrTail: stderr.replace(/\n?bench:usage .*\n?/, '\n').trim(),
      });
    });
  });
}

interface ReportedUsage {
  maxRssKb: number;
  userUs: number;
  systemUs: number;
}

export function parseUsage(stderr: string): ReportedUsage | undefined {
  const match = /bench:usage (\{.*\})/.exec(stderr);
  if (!match?.[1]) return undefined;
  const parsed: unknown = JSON.parse(match[1]);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { maxRssKb, userUs, systemUs } = parsed as Record<string, unknown>;
  if (typeof maxRssKb !== 'number' || typeof userUs !== 'number' || typeof systemUs !== 'number') return undefined;
  return { maxRssKb, userUs, systemUs };
}
