#!/usr/bin/env node
// The floor of `npm run bench`: the least any reader of Coding's issues must do. It lists each project's
// issues page by page (the same action, filter, sort and page size as the connector's first query),
// optionally fetches each issue's detail, and writes every item as one JSON line to stdout. No
// protocol envelope, no state, no retries, no validation. Plain Node (global fetch), no dependency,
// so its cost is Node's and the network's, nothing else. Any error answer (a rate-limit refusal too)
// ends it with exit 1, so no floor figure ever comes from a run that was refused.
//
//   BENCH_TOKEN=... node scripts/bench/floor.mjs --api-url URL --projects a,b [--side-by-side]
//       [--page-size 500] [--rps 100] [--details] [--concurrency 8]
//
// --side-by-side reads all projects at once (each project's pages still one after another);
// --rps spaces requests evenly, like a client-side rate limit; --concurrency bounds detail calls in flight.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'api-url': { type: 'string' },
    projects: { type: 'string' },
    'side-by-side': { type: 'boolean', default: false },
    'page-size': { type: 'string', default: '500' },
    rps: { type: 'string' },
    details: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
  },
});
const apiUrl = values['api-url'];
const token = process.env.BENCH_TOKEN;
if (!apiUrl || !values.projects || !token) {
  process.stderr.write('usage: BENCH_TOKEN=... floor.mjs --api-url URL --projects a,b [--side-by-side] [--page-size N] [--rps N] [--details] [--concurrency N]\n');
  process.exit(2);
}
const projects = values.projects.split(',').filter((p) => p !== '');
const pageSize = Number(values['page-size']);
const concurrency = Math.max(1, Number(values.concurrency));
const interval = values.rps ? 1000 / Number(values.rps) : 0;

let nextSlot = 0;
/** Even spacing, shared by every request of the process. */
async function slot() {
  if (interval === 0) return;
  const now = performance.now();
  const at = Math.max(now, nextSlot);
  nextSlot = at + interval;
  if (at > now) await sleep(at - now);
}

async function call(action, params) {
  await slot();
  const response = await fetch(`${apiUrl}?Action=${action}`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ Action: action, ...params }),
  });
  const body = await response.json();
  if (!response.ok || body?.Response?.Error) throw new Error(`${action}: HTTP ${response.status} ${JSON.stringify(body?.Response?.Error ?? '')}`);
  return body.Response;
}

async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

async function withDetails(project, items) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const response = await call('DescribeIssue', { ProjectName: project, IssueCode: items[i].Code });
      out[i] = { ...items[i], ...response.Issue };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

async function readProject(project) {
  const params = {
    ProjectName: project,
    IssueType: 'ALL',
    ShowSubIssues: true,
    SortKey: 'UPDATED_AT',
    SortValue: 'ASC',
    Conditions: [{ Key: 'UPDATED_AT', Value: '1970-01-01_9999-12-31' }],
    PageSize: pageSize,
  };
  let seen = 0;
  for (let page = 1; ; page++) {
    const data = (await call('DescribeIssueListWithPage', { ...params, PageNumber: page })).Data;
    const listed = data.List ?? [];
    const items = values.details ? await withDetails(project, listed) : listed;
    if (items.length > 0) await write(items.map((item) => JSON.stringify(item)).join('\n') + '\n');
    seen += listed.length;
    if (listed.length < pageSize || seen >= data.TotalCount) return;
  }
}

if (values['side-by-side']) await Promise.all(projects.map(readProject));
else for (const project of projects) await readProject(project);
