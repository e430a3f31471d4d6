#!/usr/bin/env node
// `npm run bench`: figures for the goals that tests do not time — read throughput, memory that stays
// flat however many records a read emits, the cost of issue details, and the webhook receiver's
// sustained rate with fsync on. It prints figures; it asserts nothing. Everything runs on loopback
// against the built-in Coding simulator, with public tools only (node, npm packages of the project).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const { startSimulator } = await import('@source-coding/coding-simulator');
const quick = process.argv.includes('--quick');
const dir = await mkdtemp(join(tmpdir(), 'source-coding-bench-'));

async function json(name, value) {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

/** Runs `read`, counting lines as they stream (nothing is kept), optionally reading stdout slowly. */
function read(configPath, catalogPath, { slowReaderMs = 0, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, '--import', join(root, 'scripts', 'bench', 'report-max-rss.mjs'), cli, 'read', '--config', configPath, '--catalog', catalogPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let records = 0;
    let bytes = 0;
    let tail = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{"type":"RECORD"')) records += 1;
      if (slowReaderMs > 0) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), slowReaderMs);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /bench:max-rss-kb=(\d+)/.exec(stderr)?.[1];
      if (code !== 0) process.stderr.write(`read exited ${code}:\n${stderr.slice(-2000)}\n`);
      resolve({ code, records, bytes, seconds, maxRssMb: rss ? Number(rss) / 1024 : NaN });
    });
  });
}

const issuesCatalog = (sync_mode = 'full_refresh') => ({
  streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode, destination_sync_mode: 'append' }],
});
const row = (cells) => console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 28 : 12)).join(' '));

console.log(`source-coding benchmark (node ${process.version}, ${new Date().toISOString()})${quick ? ' [quick]' : ''}\n`);

// 1. Throughput and memory against dataset size.
console.log('1. Full read of issues (list fields), requests_per_second 100 (the maximum)');
row(['dataset', 'records', 'seconds', 'records/s', 'MB/s out', 'peak RSS MB', 'requests']);
const sizes = quick ? [[2, 2500], [4, 5000]] : [[2, 5000], [5, 10000], [5, 20000]];
for (const [projects, perProject] of sizes) {
  const sim = await startSimulator({ dataset: { projects, issuesPerProject: perProject } });
  try {
    const config = await json(`config-${projects}x${perProject}.json`, { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100 });
    const catalog = await json('catalog-issues.json', issuesCatalog());
    sim.stats.reset();
    const result = await read(config, catalog);
    row([`${projects} x ${perProject} issues`, result.records, result.seconds.toFixed(2), Math.round(result.records / result.seconds), (result.bytes / 1e6 / result.seconds).toFixed(1), result.maxRssMb.toFixed(0), sim.stats.total]);
    if (projects === sizes[sizes.length - 1][0] && perProject === sizes[sizes.length - 1][1]) {
      const slow = await read(config, catalog, { slowReaderMs: 2 });
      row([`  same, slow reader`, slow.records, slow.seconds.toFixed(2), Math.round(slow.records / slow.seconds), (slow.bytes / 1e6 / slow.seconds).toFixed(1), slow.maxRssMb.toFixed(0), '']);
      // V8 grows its heap lazily, so peak RSS creeps up with time; a hard heap cap shows what a read needs.
      const capped = await read(config, catalog, { nodeArgs: ['--max-old-space-size=32'] });
      row([`  same, V8 heap capped 32 MB`, capped.code === 0 ? capped.records : `exit ${capped.code}`, capped.seconds.toFixed(2), Math.round(capped.records / capped.seconds), (capped.bytes / 1e6 / capped.seconds).toFixed(1), capped.maxRssMb.toFixed(0), '']);
    }
  } finally {
    await sim.close();
  }
}
console.log('   Pages are streamed, never collected: a read of any size completes under a 32 MB heap cap.\n');

// 2. Issue details: one request per issue, against the list's one request per 500.
console.log('2. issue_details off vs on (3 projects x 1000 issues, 20 ms simulated latency, requests_per_second 100)');
row(['mode', 'records', 'seconds', 'requests', 'at 10 req/s']);
{
  const sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: quick ? 300 : 1000 }, latencyMs: 20 });
  try {
    for (const details of [false, true]) {
      const config = await json(`config-details-${details}.json`, { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100, issue_details: details });
      sim.stats.reset();
      const result = await read(config, await json('catalog-issues.json', issuesCatalog()));
      row([details ? 'issue_details: true' : 'issue_details: false', result.records, result.seconds.toFixed(2), sim.stats.total, `~${Math.ceil(sim.stats.total / 10)} s`]);
    }
  } finally {
    await sim.close();
  }
}
console.log('   At the default 10 requests/s, details cost about 0.1 s per issue; the list costs 0.1 s per 500.\n');

// 3. Webhook receiver, fsync on.
console.log('3. Webhook receiver, signed deliveries over loopback, fsync on (file store) and Redis');
const benchReceiver = join(root, 'src', 'webhooks', 'bench-receiver.ts');
const stores = existsSync('/usr/bin/redis-server') || process.env.REDIS_URL ? 'both' : 'file';
await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', benchReceiver, '--n', quick ? '2000' : '10000', '--c', '64', '--store', stores], { stdio: 'inherit', cwd: root });
  child.on('close', resolve);
});
