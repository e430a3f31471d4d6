#!/usr/bin/env node
// Figures for the issue-workflow streams (issue 9): requests per action and wall time of a first sync
// of the four child streams, and of an incremental sync after changes to k issues; and the work-log
// choice measured both ways (one DescribeIssueWorkLogList per changed issue, as the connector does,
// against paging the team-wide DescribeAllProjectsIssueWorkLogList). It prints figures; it asserts
// nothing. Runs the built CLI against the simulator on loopback, with a per-request latency and the
// realistic rate ceiling of per-item calls (coding-openapi-streams.md: ~20 requests/s).
//
//   npm run build && node scripts/issue-workflow-figures.mjs [--issues 500] [--latency 30] [--rps 20] [--k 10]
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const { startSimulator } = await import('@source-coding/coding-simulator');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ISSUES = arg('issues', 500);
const LATENCY = arg('latency', 30);
const RPS = arg('rps', 20);
const K = arg('k', 10);
const dir = await mkdtemp(join(tmpdir(), 'source-coding-workflow-'));
const T0 = Date.UTC(2025, 0, 10, 4, 0, 0);
let clock = T0;

const sim = await startSimulator({ seed: 42, dataset: { projects: 3, issuesPerProject: ISSUES }, latencyMs: LATENCY, now: () => clock });
const config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: RPS };

async function file(name, value) {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

function catalog(names) {
  return { streams: names.map((name) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' })) };
}

/** One `read`: records per stream, the last state of each stream, requests per action, seconds. */
async function read(names, state) {
  const args = ['read', '--config', await file('config.json', config), '--catalog', await file('catalog.json', catalog(names))];
  if (state) args.push('--state', await file('state.json', state));
  sim.stats.reset();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`read exited ${code}: ${err.slice(-2000)}`);
  const records = {};
  const states = new Map();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const message = JSON.parse(line);
    if (message.type === 'RECORD') records[message.record.stream] = (records[message.record.stream] ?? 0) + 1;
    if (message.type === 'STATE') states.set(message.state.stream.stream_descriptor.name, message.state);
  }
  return { records, state: [...states.values()], requests: sim.stats.byAction, seconds };
}

/** The alternative for work logs: every page of the team-wide list, per project, Limit 1000. */
async function teamWideWorkLogs() {
  sim.stats.reset();
  const started = process.hrtime.bigint();
  let entries = 0;
  let requests = 0;
  const spacing = 1000 / RPS;
  for (const project of sim.projectNames()) {
    for (let offset = 0; ; offset += 1000) {
      if (requests > 0) await new Promise((resolve) => setTimeout(resolve, spacing));
      requests++;
      const response = await fetch(`${sim.apiUrl}?Action=DescribeAllProjectsIssueWorkLogList`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `token ${sim.tokens.personal}` },
        body: JSON.stringify({ Action: 'DescribeAllProjectsIssueWorkLogList', ProjectName: project, Offset: offset, Limit: 1000 }),
      });
      const page = (await response.json()).Response.WorkLogs;
      entries += page.length;
      if (page.length < 1000) break;
    }
  }
  return { entries, requests, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Changes to K distinct issues, spread over the projects and over the kinds of change; each round other issues. */
function changeIssues(round) {
  clock += 60_000;
  const projects = sim.projectNames();
  for (let i = 0; i < K; i++) {
    const project = projects[i % projects.length];
    const code = 10 + i * 7 + round * 3;
    switch (i % 4) {
      case 0:
        sim.control.addComment(project, code, { Content: `figures ${i}` });
        break;
      case 1:
        sim.control.addWorkLog(project, code, { RecordHours: 1 });
        break;
      case 2: {
        const issue = sim.issueListItem(project, code);
        const status = sim.list('DescribeProjectIssueStatusList', { ProjectName: project, IssueType: issue.Type }).find((s) => s.IssueStatusId !== issue.IssueStatusId);
        sim.control.changeStatus(project, code, status.IssueStatusId);
        break;
      }
      default:
        sim.control.addBlocker(project, code, code + 1);
    }
  }
}

const CHILDREN = ['issue_comments', 'issue_work_logs', 'issue_status_changes', 'issue_blockers'];
const fmt = (requests) => Object.entries(requests).sort(([a], [b]) => a.localeCompare(b)).map(([action, n]) => `${action} ${n}`).join(', ');

console.log(`# Issue-workflow figures: 3 projects x ${ISSUES} issues (seed 42), ${LATENCY} ms per request, requests_per_second ${RPS}, max_concurrency 8\n`);
const first = await read(CHILDREN);
console.log(`first sync of the four child streams: ${first.seconds.toFixed(1)} s; records ${JSON.stringify(first.records)}`);
console.log(`  requests: ${fmt(first.requests)}`);
changeIssues(0);
const incremental = await read(CHILDREN, first.state);
console.log(`incremental sync after changes to k=${K} issues: ${incremental.seconds.toFixed(1)} s; records ${JSON.stringify(incremental.records)}`);
console.log(`  requests: ${fmt(incremental.requests)}`);

console.log('\n## Work logs: per changed issue (the connector) or the team-wide list\n');
const perIssueFirst = await read(['issue_work_logs']);
changeIssues(1);
const perIssueNext = await read(['issue_work_logs'], perIssueFirst.state);
const teamWide = await teamWideWorkLogs();
console.log('| way | first sync | incremental (k changed issues) |');
console.log('|---|---|---|');
console.log(`| per issue (DescribeIssueWorkLogList) | ${fmt(perIssueFirst.requests)}; ${perIssueFirst.seconds.toFixed(1)} s | ${fmt(perIssueNext.requests)}; ${perIssueNext.seconds.toFixed(1)} s |`);
console.log(`| team-wide (DescribeAllProjectsIssueWorkLogList, Limit 1000) | ${teamWide.requests} requests for ${teamWide.entries} entries; ${teamWide.seconds.toFixed(1)} s | no change filter: the same ${teamWide.requests} requests again (StartAt/EndAt compare an INFERRED time) |`);
await sim.close();
