/**
 * The benchmark's scenarios, each against its own simulator on loopback: reads (A–C) measured for the
 * connector and the floor in the same run, start-up (D), memory against records read (E) and the
 * webhook receiver (F).
 */
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runChild, type ChildRun, type ChildRunOptions } from './child-run.js';
import { apiBoundS, median, medianOf, type Measured } from './figures.js';
import type { ListScenario, MemoryPoint, RateFigures, ScenarioId, StartupFigures } from './results.js';
import { refusalsReportedIn } from './refusal-log.js';
import { TrafficWatch } from './traffic-watch.js';

export const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const floorScript = join(root, 'scripts', 'bench', 'floor.mjs');
const RECORD_PREFIX = '{"type":"RECORD"';

export interface ReadScenarioSpec {
  id: ScenarioId;
  title: string;
  projects: number;
  issuesPerProject: number;
  latencyMs: number;
  /** The connector's requests_per_second, and the floor's pacing. */
  requestsPerSecond: number;
  /** The simulator's own limit per token; none when absent. */
  serverLimitRps?: number;
  issueDetails: boolean;
  /** For the API bound: how many requests can be in flight at once. */
  concurrency: number;
}

export const READ_SCENARIOS: ReadScenarioSpec[] = [
  { id: 'A', title: '20,000 issues, 1 project, zero latency', projects: 1, issuesPerProject: 20_000, latencyMs: 0, requestsPerSecond: 100, issueDetails: false, concurrency: 1 },
  // A project's pages follow one another (each needs the previous one's position): one chain per project.
  { id: 'B', title: '4 projects × 4,000 issues, 200 ms latency', projects: 4, issuesPerProject: 4_000, latencyMs: 200, requestsPerSecond: 100, issueDetails: false, concurrency: 4 },
  // Detail calls are independent of one another: only the rate limit bounds them. ~600 requests at 20/s: ~30 s.
  { id: 'C', title: 'issue_details, 600 issues, 200 ms latency, 20 req/s', projects: 1, issuesPerProject: 600, latencyMs: 200, requestsPerSecond: 20, serverLimitRps: 20, issueDetails: true, concurrency: Infinity },
];

/** Detail calls the floor keeps in flight: enough that the rate limit, not latency, sets its pace. */
const FLOOR_DETAIL_CONCURRENCY = 8;

export type Log = (line: string) => void;

let workDir: string | undefined;
async function jsonFile(name: string, value: unknown): Promise<string> {
  workDir ??= await mkdtemp(join(tmpdir(), 'source-coding-bench-'));
  const path = join(workDir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

/** Removes the configs and catalogs the scenarios wrote. */
export async function removeWorkFiles(): Promise<void> {
  if (workDir) await rm(workDir, { recursive: true, force: true });
  workDir = undefined;
}

function connectorConfig(sim: Simulator, extra: Record<string, unknown>): Record<string, unknown> {
  return { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, ...extra };
}

/**
 * The issues stream as the platform configures it: discover's stream (its schema lists the custom-field
 * columns, so a read needs no definition requests), selected incremental. Discover is not measured.
 */
async function issuesCatalog(config: string): Promise<unknown> {
  const run = await runChild({ args: [cli, 'discover', '--config', config], keepStdout: true, usage: false });
  const catalog = run.stdout.split('\n').flatMap((line) => (line.startsWith('{"type":"CATALOG"') ? [JSON.parse(line) as { catalog: { streams: Array<{ name: string }> } }] : []))[0];
  const stream = catalog?.catalog.streams.find((s) => s.name === 'issues');
  if (run.exitCode !== 0 || !stream) throw new Error(`discover did not give the issues stream (exit ${run.exitCode}):\n${run.stderrTail.slice(-2000)}`);
  return { streams: [{ stream, sync_mode: 'incremental', destination_sync_mode: 'append' }] };
}

interface WatchedRun {
  run: ChildRun;
  measured: Measured;
  watch: TrafficWatch;
}

async function watched(sim: Simulator, options: ChildRunOptions, what: string): Promise<WatchedRun> {
  const watch = new TrafficWatch(sim);
  try {
    const run = await runChild(options);
    if (run.exitCode !== 0) throw new Error(`${what} exited ${run.exitCode}:\n${run.stderrTail.slice(-2000)}`);
    return { run, watch, measured: { wallS: run.wallS, cpuS: run.cpuS, peakRssMb: run.peakRssMb, requests: watch.requests, records: run.records } };
  } finally {
    watch.stop();
  }
}

async function readArgs(sim: Simulator, extra: Record<string, unknown>): Promise<string[]> {
  const config = await jsonFile(`config-${sim.origin.replace(/\W/g, '')}.json`, connectorConfig(sim, extra));
  const catalog = await jsonFile(`catalog-${sim.origin.replace(/\W/g, '')}.json`, await issuesCatalog(config));
  return [cli, 'read', '--config', config, '--catalog', catalog];
}

export async function runReadScenario(spec: ReadScenarioSpec, runs: number, log: Log): Promise<ListScenario> {
  const sim = await startSimulator({
    dataset: { projects: spec.projects, issuesPerProject: spec.issuesPerProject },
    latencyMs: spec.latencyMs,
    rateLimit: spec.serverLimitRps === undefined ? null : { requestsPerSecond: spec.serverLimitRps },
  });
  try {
    const connectorArgs = await readArgs(sim, { requests_per_second: spec.requestsPerSecond, issue_details: spec.issueDetails });
    const floorArgs = (sideBySide: boolean): ChildRunOptions => ({
      args: [
        floorScript,
        '--api-url', sim.apiUrl,
        '--projects', sim.projectNames().join(','),
        '--rps', String(spec.requestsPerSecond),
        ...(sideBySide ? ['--side-by-side'] : []),
        ...(spec.issueDetails ? ['--details', '--concurrency', String(FLOOR_DETAIL_CONCURRENCY)] : []),
      ],
      env: { BENCH_TOKEN: sim.tokens.personal },
    });
    const floors: Measured[] = [];
    const sides: Measured[] = [];
    const connectors: Measured[] = [];
    const rates: RateFigures[] = [];
    for (let i = 1; i <= runs; i++) {
      const floor = await watched(sim, floorArgs(false), 'the floor');
      floors.push(floor.measured);
      const side = spec.projects > 1 ? await watched(sim, floorArgs(true), 'the side-by-side floor') : undefined;
      if (side) sides.push(side.measured);
      const connector = await watched(sim, { args: connectorArgs, recordPrefix: RECORD_PREFIX, keepStdout: spec.serverLimitRps !== undefined }, 'the connector');
      connectors.push(connector.measured);
      if (spec.serverLimitRps !== undefined) {
        rates.push({ limitRps: spec.serverLimitRps, sustainedRps: connector.watch.sustainedRps(), refusals: connector.watch.refused, reportedByConnector: refusalsReportedIn(connector.run.stdout) });
      }
      if (connector.measured.records !== floor.measured.records) {
        log(`  warning: the connector emitted ${connector.measured.records} records, the floor ${floor.measured.records}`);
      }
      log(
        `  ${spec.id} run ${i}/${runs}: floor ${floor.measured.wallS.toFixed(2)} s` +
          (side ? `, side by side ${side.measured.wallS.toFixed(2)} s` : '') +
          `, connector ${connector.measured.wallS.toFixed(2)} s (${connector.measured.requests} requests)`,
      );
    }
    const connector = medianOf(connectors);
    const bound = {
      requests: connector.requests,
      latencyMs: spec.latencyMs,
      concurrency: spec.concurrency,
      requestsPerSecond: spec.requestsPerSecond,
    };
    return {
      id: spec.id,
      title: spec.title,
      runs,
      connector,
      floor: medianOf(floors),
      ...(sides.length > 0 ? { floorSideBySide: medianOf(sides) } : {}),
      bound: { ...bound, seconds: apiBoundS(bound) },
      ...(rates.length > 0
        ? {
            rate: {
              limitRps: spec.serverLimitRps ?? Number.NaN,
              sustainedRps: median(rates.map((r) => r.sustainedRps)),
              // Not medians: any refusal in any run is a violation.
              refusals: Math.max(...rates.map((r) => r.refusals)),
              reportedByConnector: Math.max(...rates.map((r) => r.reportedByConnector)),
            },
          }
        : {}),
    };
  } finally {
    await sim.close();
  }
}

export async function runStartup(runs: number, checkRuns: number, log: Log): Promise<StartupFigures> {
  // Wall times come from runs without the usage reporter, whose own loading would count; CPU times from runs with it.
  const timed = async (count: number, options: ChildRunOptions, what: string, succeeded: (stdout: string) => boolean = () => true): Promise<{ wallMs: number; cpuMs: number }> => {
    const walls: number[] = [];
    const cpus: number[] = [];
    for (const usage of [false, true]) {
      for (let i = 0; i < count; i++) {
        const run = await runChild({ ...options, usage });
        if (run.exitCode !== 0 || !succeeded(run.stdout)) {
          throw new Error(`${what} did not succeed (exit ${run.exitCode}):\n${run.stderrTail.slice(-2000)}`);
        }
        if (usage) cpus.push(run.cpuS * 1000);
        else walls.push(run.wallS * 1000);
      }
    }
    return { wallMs: median(walls), cpuMs: median(cpus) };
  };
  const node = await timed(runs, { args: ['-e', '0'] }, 'node -e 0');
  const spec = await timed(runs, { args: [cli, 'spec'] }, 'spec');
  const sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: 150 } });
  try {
    const config = await jsonFile('config-check.json', connectorConfig(sim, {}));
    const check = await timed(checkRuns, { args: [cli, 'check', '--config', config], keepStdout: true }, 'check', (stdout) => stdout.includes('"status":"SUCCEEDED"'));
    log(`  D: node ${node.wallMs.toFixed(0)} ms, spec ${spec.wallMs.toFixed(0)} ms, check ${check.wallMs.toFixed(0)} ms (wall)`);
    return { runs, nodeMs: node.wallMs, specMs: spec.wallMs, checkRuns, checkMs: check.wallMs, nodeCpuMs: node.cpuMs, specCpuMs: spec.cpuMs, checkCpuMs: check.cpuMs };
  } finally {
    await sim.close();
  }
}

interface MemorySize {
  label: string;
  projects: number;
  issuesPerProject: number;
}

/**
 * Records grow tenfold per step at the same shape of read: 10k and 100k both read 5 projects side by side
 * (memory depends on how many partitions are in flight, so only records change between them); 1M reads 50
 * projects, 8 at a time (max_concurrency). Projects hold 20,000 issues at most, so each page costs the
 * simulator alike. A's peak RSS is the single-project figure.
 */
export function memorySizes(full: boolean): MemorySize[] {
  return [
    { label: '10k', projects: 5, issuesPerProject: 2_000 },
    { label: '100k', projects: 5, issuesPerProject: 20_000 },
    ...(full ? [{ label: '1M', projects: 50, issuesPerProject: 20_000 }] : []),
  ];
}

/** The heap cap of the variant that shows what a read needs, however long V8 lets its heap grow. */
const HEAP_CAP_MB = 32;
const SLOW_READER_MS = 2;

export async function runMemory(sizes: MemorySize[], log: Log): Promise<MemoryPoint[]> {
  const points: MemoryPoint[] = [];
  const largestDefault = sizes.find((s) => s.label === '100k') ?? sizes[sizes.length - 1];
  for (const size of sizes) {
    const sim = await startSimulator({ dataset: { projects: size.projects, issuesPerProject: size.issuesPerProject } });
    try {
      const args = await readArgs(sim, { requests_per_second: 100 });
      const point = async (options: Pick<ChildRunOptions, 'nodeArgs' | 'slowReaderMs'>, variant?: string): Promise<MemoryPoint> => {
        const run = await runChild({ ...options, args, recordPrefix: RECORD_PREFIX });
        const p: MemoryPoint = { label: size.label, records: run.records, peakRssMb: run.peakRssMb, wallS: run.wallS, exitCode: run.exitCode, ...(variant ? { variant } : {}) };
        log(`  E ${size.label}${variant ? `, ${variant}` : ''}: ${run.records} records, peak RSS ${run.peakRssMb.toFixed(0)} MB, ${run.wallS.toFixed(2)} s, exit ${run.exitCode}`);
        if (run.exitCode !== 0) log(run.stderrTail.slice(-1000));
        return p;
      };
      points.push(await point({}));
      if (size === largestDefault) {
        // V8 grows its heap lazily, so peak RSS creeps up with time; a hard cap shows what a read needs.
        points.push(await point({ nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`] }, `V8 heap capped at ${HEAP_CAP_MB} MB`));
        points.push(await point({ slowReaderMs: SLOW_READER_MS }, 'slow reader'));
      }
    } finally {
      await sim.close();
    }
  }
  return points;
}

/** The webhook receiver's sustained rate with fsync on (its own benchmark, run as it always was). */
export async function runWebhooks(deliveries: number, log: Log): Promise<string[]> {
  const redisOnPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'redis-server')));
  const stores = redisOnPath || process.env.REDIS_URL ? 'both' : 'file';
  const script = join(root, 'src', 'webhooks', 'bench-receiver.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--n', String(deliveries), '--c', '64', '--store', stores], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) log(`  F ${line}`);
      if (code !== 0) lines.push(`(the receiver benchmark exited ${code})`);
      resolve(lines);
    });
  });
}
