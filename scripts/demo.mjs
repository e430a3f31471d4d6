#!/usr/bin/env node
// The newcomer's tour: starts the built-in Coding simulator on loopback, then runs the connector's
// spec → check → discover → read → (a change in Coding) → incremental read against it, showing what
// each command prints. Run it with `npm run demo` (which builds first).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const { startSimulator } = await import('@source-coding/coding-simulator');

const sim = await startSimulator({ port: 0 });
const dir = await mkdtemp(join(tmpdir(), 'source-coding-demo-'));
const config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 50 };
const file = async (name, value) => {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value, null, 2));
  return path;
};

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, messages: out.split('\n').filter(Boolean).map((line) => JSON.parse(line)) }));
  });
}

const short = (value, max = 220) => {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};
const title = (text) => console.log(process.stdout.isTTY ? `\n\x1b[1m== ${text}\x1b[0m` : `\n== ${text}`);

try {
  console.log(`Coding simulator on ${sim.apiUrl} (team ${sim.team}, projects ${sim.projectNames().join(', ')}).`);
  const configPath = await file('config.json', config);
  console.log(`Config ${configPath}:\n${JSON.stringify({ ...config, credentials: { auth_type: 'token', access_token: '<simulator token>' } }, null, 2)}`);

  title('source-coding spec');
  const spec = await run(['spec']);
  console.log(`${spec.messages[0].type}: fields ${Object.keys(spec.messages[0].spec.connectionSpecification.properties).join(', ')}`);

  title(`source-coding check --config ${configPath}`);
  console.log(short((await run(['check', '--config', configPath])).messages[0], 400));

  title(`source-coding discover --config ${configPath}`);
  const { streams } = (await run(['discover', '--config', configPath])).messages[0].catalog;
  for (const s of streams) console.log(`  ${s.name.padEnd(21)} ${s.supported_sync_modes.join(', ').padEnd(26)} cursor ${s.default_cursor_field?.[0] ?? '-'}  key ${s.source_defined_primary_key[0][0]}`);

  const catalogPath = await file('catalog.json', {
    streams: streams.map((stream) => ({ stream, sync_mode: stream.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh', destination_sync_mode: 'append_dedup' })),
  });
  title(`source-coding read --config ${configPath} --catalog ${catalogPath}`);
  const first = await run(['read', '--config', configPath, '--catalog', catalogPath]);
  summarize(first.messages);

  const changed = sim.control.updateIssue('platform', 3, { Name: '演示：在 Coding 里改了这个事项 ✏️' });
  const created = sim.control.createIssue('mobile-app', { Name: '演示：新建的缺陷 🐞', Type: 'DEFECT' });
  sim.control.addComment('platform', 5, { Content: '演示：新评论 💬' });
  console.log(`\nMeanwhile in Coding: issue platform#${changed.Code} is renamed, mobile-app#${created.Code} is created, platform#5 gets a comment.`);
  const states = new Map();
  for (const m of first.messages) if (m.type === 'STATE') states.set(m.state.stream.stream_descriptor.name, { type: 'STREAM', stream: m.state.stream });
  const statePath = await file('state.json', [...states.values()]);
  title(`source-coding read --config ${configPath} --catalog ${catalogPath} --state ${statePath}`);
  const second = await run(['read', '--config', configPath, '--catalog', catalogPath, '--state', statePath]);
  summarize(second.messages);
  for (const m of second.messages) if (m.type === 'RECORD' && m.record.stream === 'issues') console.log(`  issues record: ${short(m.record.data, 160)}`);
  console.log(`\nFiles are in ${dir}; run the commands above yourself while \`npm run simulator\` serves the same data on port 8787.`);
} finally {
  await sim.close();
}

function summarize(messages) {
  const counts = new Map();
  for (const m of messages) {
    const key = m.type === 'RECORD' ? `RECORD ${m.record.stream}` : m.type === 'TRACE' ? `TRACE ${m.trace.type}` : m.type;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  console.log([...counts].map(([k, n]) => `  ${k}: ${n}`).join('\n'));
  const record = messages.find((m) => m.type === 'RECORD');
  if (record) console.log(`  first line: ${short(record, 300)}`);
  const state = messages.filter((m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === 'issues').pop();
  if (state) console.log(`  last issues STATE: ${short(state.state, 300)}`);
}
