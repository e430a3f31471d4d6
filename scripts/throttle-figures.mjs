#!/usr/bin/env node
// Figures for how the connector behaves when Coding throttles harder than requests_per_second allows:
// the simulator limited to 5 requests/s, the connector configured for 100, issue details on (one call
// per issue). Prints throttled answers, WARN lines, rate-limit statuses and wall time; asserts nothing.
// Run after `npm run build`: node scripts/throttle-figures.mjs [--runs N] [--cli path/to/dist/cli/main.js]
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const cli = option('--cli') ?? join(root, 'dist', 'cli', 'main.js');
const { startSimulator } = await import('@source-coding/coding-simulator');
const runs = Number(option('--runs') ?? 1);
const dir = await mkdtemp(join(tmpdir(), 'source-coding-throttle-'));

for (let run = 1; run <= runs; run++) {
  const sim = await startSimulator({ rateLimit: { requestsPerSecond: 5 } });
  let answered = 0;
  sim.onRequest(() => {
    answered++;
  });
  const config = join(dir, 'config.json');
  const catalog = join(dir, 'catalog.json');
  await writeFile(config, JSON.stringify({ team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100, issue_details: true }));
  await writeFile(catalog, JSON.stringify({ streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] }));
  const started = process.hrtime.bigint();
  const { code, stdout } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'read', '--config', config, '--catalog', catalog], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stdout: out }));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const messages = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const logs = messages.filter((m) => m.type === 'LOG');
  const warns = logs.filter((m) => m.log.level === 'WARN');
  const rateLimited = messages.filter((m) => m.type === 'TRACE' && m.trace.type === 'STREAM_STATUS' && m.trace.stream_status.reasons?.some((r) => r.type === 'RATE_LIMITED'));
  const records = messages.filter((m) => m.type === 'RECORD').length;
  const total = sim.stats.total;
  console.log(JSON.stringify({ run, exit: code, records, requests: total, answered, throttled: total - answered, warnLines: warns.length, rateLimitedStatuses: rateLimited.length, seconds: Number(seconds.toFixed(1)), idealSeconds: Number((answered / 5).toFixed(1)) }));
  for (const line of logs.filter((m) => /throttl|slow down/i.test(m.log.message)).slice(-3)) console.log(`  ${line.log.level}: ${line.log.message}`);
  await sim.close();
}
