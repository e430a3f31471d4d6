/**
 * What the deletion sweep costs: requests per 1,000 issues and the size of the issues state, for one
 * project of N issues of which 1 % are deleted at random (seeded) between a first sync and a swept one.
 *
 *   node --import tsx/esm --conditions=source scripts/sweep-cost.ts [issues=100000]
 *
 * Prints figures; asserts nothing (tests do that).
 */
import { startSimulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../src/coding/client.js';
import { RateLimiter } from '../src/coding/rate-limiter.js';
import { runStream } from '../src/engine/run-stream.js';
import type { JsonObject } from '../src/json.js';
import { issues } from '../src/streams/issues.js';
import { testRunContext } from '../src/test-support/run-context.js';
import { seededRandom } from '../src/test-support/seeded-random.js';

const size = Number(process.argv[2] ?? 100_000);
const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: size, iterationsPerProject: 1, membersPerProject: 1 } });
try {
  const project = sim.projectNames()[0] ?? '';
  const client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000) });
  const byKind = { sweepPages: 0, checks: 0, reads: 0 };
  sim.onRequest((req) => {
    if (req.action === 'DescribeIssueListWithPage' && req.params.SortKey === 'CODE') byKind[req.params.PageSize === 1 ? 'checks' : 'sweepPages'] += 1;
    if (req.action === 'DescribeIssue') byKind.reads += 1;
  });
  const sync = async (input: JsonObject | undefined) => {
    const ctx = testRunContext(client, { projects: [project], deletion_sweep_hours: 0 });
    const before = sim.stats.total;
    const startedAt = performance.now();
    await runStream(ctx, issues, { name: 'issues', syncMode: 'incremental', cursorField: undefined }, input);
    const states = ctx.messages.flatMap((m) => (m.type === 'STATE' ? [m.state.stream.stream_state ?? {}] : []));
    const tombstones = ctx.records.filter((r) => typeof r._ab_cdc_deleted_at === 'string').length;
    return { state: states.at(-1) ?? {}, requests: sim.stats.total - before, ms: performance.now() - startedAt, records: ctx.records.length, tombstones };
  };

  const first = await sync(undefined);
  const random = seededRandom(42);
  const codes = sim.issueCodes(project);
  for (const code of codes) if (random() < 0.01 && sim.issueCodes(project).includes(code)) sim.control.deleteIssue(project, code);
  const gone = codes.length - sim.issueCodes(project).length;
  Object.assign(byKind, { sweepPages: 0, checks: 0, reads: 0 });
  const second = await sync(first.state);

  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const sweep = (second.state.sweep ?? {}) as JsonObject;
  const sweepRequests = byKind.sweepPages + byKind.checks + byKind.reads;
  const lines = [
    `issues: ${codes.length}; deleted between the syncs: ${gone} (sub-tasks go with their parent)`,
    `first sync: ${first.records} records, ${first.requests} requests, state ${bytes(first.state)} bytes (of which sweep ${bytes(first.state.sweep)})`,
    `swept sync: ${second.records} records (${second.tombstones} tombstones), ${second.requests} requests: sweep listing ${byKind.sweepPages} pages, ${byKind.checks} boundary checks, ${byKind.reads} single reads; ${second.ms.toFixed(0)} ms`,
    `sweep cost: ${((sweepRequests / codes.length) * 1000).toFixed(2)} requests per 1,000 issues`,
    `state after the sweep: ${bytes(second.state)} bytes (sweep section ${bytes(sweep)}); plain [[a,b],...] runs would take ${bytes(runsOf(sim.issueCodes(project)))} bytes`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sim.close();
}

function runsOf(sorted: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const code of sorted) {
    const last = runs[runs.length - 1];
    if (last && code === last[1] + 1) last[1] = code;
    else runs.push([code, code]);
  }
  return runs;
}
