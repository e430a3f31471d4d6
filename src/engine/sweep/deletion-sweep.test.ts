import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient, type Payload } from '../../coding/client.js';
import { CodingUnavailableError } from '../../coding/errors.js';
import type { Item } from '../../coding/paging.js';
import { RateLimiter } from '../../coding/rate-limiter.js';
import { isObject, type JsonObject } from '../../json.js';
import type { LogLevel } from '../../protocol/messages.js';
import { issues } from '../../streams/issues.js';
import { testRunContext } from '../../test-support/run-context.js';
import { runStream } from '../run-stream.js';

interface Sync {
  ok: boolean;
  records: Item[];
  tombstones: Item[];
  live: Item[];
  state: JsonObject;
  logs: Array<{ level: LogLevel; text: string }>;
  statuses: string[];
  /** Requests of the sweep listing (issue list sorted by code). */
  sweepPages: number;
}

describe('the deletion sweep in polling mode (issues against the simulator)', () => {
  let sim: Simulator;
  let projects: string[];
  let sweepPages: number;

  beforeEach(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 60 } });
    projects = sim.projectNames();
    sweepPages = 0;
    sim.onRequest((req) => {
      if (req.action === 'DescribeIssueListWithPage' && req.params.SortKey === 'CODE') sweepPages += 1;
    });
  });
  afterEach(() => sim.close());

  const realClient = () => new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 2 } });

  async function sync(input: JsonObject | undefined, config: Record<string, unknown> = {}, client: CodingClient = realClient()): Promise<Sync> {
    const ctx = testRunContext(client, { deletion_sweep_hours: 0, ...config });
    const pagesBefore = sweepPages;
    const ok = await runStream(ctx, issues, { name: 'issues', syncMode: 'incremental', cursorField: undefined }, input);
    const states = ctx.messages.flatMap((m) => (m.type === 'STATE' ? [m.state.stream.stream_state ?? {}] : []));
    const statuses = ctx.messages.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'STREAM_STATUS' ? [m.trace.stream_status.status] : []));
    const tombstones = ctx.records.filter((r) => typeof r._ab_cdc_deleted_at === 'string');
    return { ok, records: ctx.records, tombstones, live: ctx.records.filter((r) => !tombstones.includes(r)), state: states.at(-1) ?? {}, logs: ctx.logs, statuses, sweepPages: sweepPages - pagesBefore };
  }

  const keyOf = (project: string, code: number) => `${sim.team}/${project}/${code}`;
  const keys = (records: Item[]) => records.map((r) => String(r.Key)).sort();
  const sweepOf = (state: JsonObject) => (isObject(state.sweep) ? state.sweep : {}) as Record<string, { at: number; count: number; codes: string }>;
  /** Issues whose deletion removes exactly themselves: no sub-tasks, not an epic. */
  const leaves = (project: string) => sim.issueCodes(project).filter((code) => sim.issueDetail(project, code).SubTasks.length === 0 && sim.issueListItem(project, code).Type !== 'EPIC');

  it('keeps every code a first sync emits, per project, without listing them again', async () => {
    const first = await sync(undefined);
    expect(first.ok).to.equal(true);
    expect(first.tombstones).to.deep.equal([]);
    expect(first.sweepPages).to.equal(0);
    const sweep = sweepOf(first.state);
    expect(Object.keys(sweep)).to.have.members(projects);
    for (const project of projects) expect(sweep[project]?.count, project).to.equal(sim.issueCodes(project).length);
  });

  it('emits 5 tombstones, 2 updates and 3 creates after 5 deletes, 2 updates and 3 creates, and no tombstone on the sync after', async () => {
    const first = await sync(undefined);
    const [a = '', b = ''] = projects;
    const deleted = [...leaves(a).slice(0, 3).map((code) => [a, code] as const), ...leaves(b).slice(0, 2).map((code) => [b, code] as const)];
    for (const [project, code] of deleted) sim.control.deleteIssue(project, code);
    const updated = [sim.control.updateIssue(a, leaves(a)[5] ?? 0, { Name: 'changed' }).Code, sim.control.updateIssue(b, leaves(b)[5] ?? 0, { Name: 'changed' }).Code];
    const created = [sim.control.createIssue(a, { Name: 'new 1' }).Code, sim.control.createIssue(a, { Name: 'new 2' }).Code, sim.control.createIssue(b, { Name: 'new 3' }).Code];

    const second = await sync(first.state);
    expect(keys(second.tombstones)).to.deep.equal(deleted.map(([project, code]) => keyOf(project, code)).sort());
    expect(keys(second.live)).to.deep.equal([keyOf(a, updated[0] ?? 0), keyOf(b, updated[1] ?? 0), keyOf(a, created[0] ?? 0), keyOf(a, created[1] ?? 0), keyOf(b, created[2] ?? 0)].sort());
    expect(second.sweepPages).to.equal(projects.length);
    for (const tombstone of second.tombstones) {
      expect(Object.keys(tombstone).sort()).to.deep.equal(['Code', 'Key', 'ProjectName', 'TeamName', 'UpdatedAt', '_ab_cdc_deleted_at', '_ab_cdc_updated_at']);
      // Sorts after every version emitted before: destinations keep the latest version by the cursor.
      expect(tombstone.UpdatedAt).to.be.above(Math.max(...first.records.map((r) => Number(r.UpdatedAt))));
    }
    for (const project of projects) expect(sweepOf(second.state)[project]?.count, project).to.equal(sim.issueCodes(project).length);

    const third = await sync(second.state);
    expect(third.records).to.deep.equal([]);
    expect(third.sweepPages).to.equal(projects.length);
  });

  it('reports an issue deleted during the sync after it was emitted, by the same sync’s sweep', async () => {
    const first = await sync(undefined);
    const [project = ''] = projects;
    const code = sim.control.updateIssue(project, leaves(project)[0] ?? 0, { Name: 'read, then deleted' }).Code;
    let deleted = false;
    sim.onRequest((req) => {
      if (!deleted && req.action === 'DescribeIssueListWithPage' && req.params.SortKey === 'CODE' && req.params.ProjectName === project) {
        deleted = true;
        sim.control.deleteIssue(project, code);
      }
    });
    const second = await sync(first.state, { projects: [project] });
    expect(keys(second.live)).to.deep.equal([keyOf(project, code)]);
    expect(keys(second.tombstones)).to.deep.equal([keyOf(project, code)]);
    expect(second.records.indexOf(second.tombstones[0] as Item)).to.be.above(second.records.indexOf(second.live[0] as Item));
  });

  it('does not report an issue created during the sweep, and emits it on the next sync', async () => {
    const first = await sync(undefined);
    const [project = ''] = projects;
    let created: number | undefined;
    sim.onRequest((req) => {
      if (created === undefined && req.action === 'DescribeIssueListWithPage' && req.params.SortKey === 'CODE') created = sim.control.createIssue(project, { Name: 'born during the sweep' }).Code;
    });
    const second = await sync(first.state);
    expect(created).to.be.a('number');
    expect(second.tombstones).to.deep.equal([]);
    expect(second.live).to.deep.equal([]);
    const third = await sync(second.state);
    expect(keys(third.live)).to.deep.equal([keyOf(project, created ?? 0)]);
    expect(third.tombstones).to.deep.equal([]);
  });

  it('drops the set of a project removed from the configuration, without a tombstone for its issues', async () => {
    const [kept = '', removed = ''] = projects;
    const first = await sync(undefined);
    sim.control.deleteIssue(removed, leaves(removed)[0] ?? 0);
    const second = await sync(first.state, { projects: [kept] });
    expect(second.tombstones).to.deep.equal([]);
    expect(Object.keys(sweepOf(second.state))).to.deep.equal([kept]);
  });

  it('learns the codes once from a state written before sweeps existed, and reports deletions from then on', async () => {
    const never = await sync(undefined, { deletion_sweep_hours: -1 });
    expect(Object.keys(never.state), 'a connection that never sweeps keeps the layout it had').to.deep.equal(['projects']);
    const [project = ''] = projects;
    const [before = 0, after = 0] = leaves(project);
    sim.control.deleteIssue(project, before);

    const upgraded = await sync(never.state, { deletion_sweep_hours: 24 });
    expect(upgraded.sweepPages, 'one listing per project').to.equal(projects.length);
    expect(upgraded.tombstones, 'what was deleted before cannot be known').to.deep.equal([]);
    expect(sweepOf(upgraded.state)[project]?.count).to.equal(sim.issueCodes(project).length);

    sim.control.deleteIssue(project, after);
    const next = await sync(upgraded.state, { deletion_sweep_hours: 0 });
    expect(keys(next.tombstones)).to.deep.equal([keyOf(project, after)]);
  });

  it('lists again on the next sync when the first listing after a state from before sweeps was cut short', async () => {
    const never = await sync(undefined, { deletion_sweep_hours: -1 });
    const real = realClient();
    const failing = Object.create(real) as CodingClient;
    failing.call = async (action: string, params: Record<string, unknown> = {}): Promise<Payload> => {
      if (action === 'DescribeIssueListWithPage' && params.SortKey === 'CODE') throw new CodingUnavailableError('Coding went away in the middle of the sweep.');
      return real.call(action, params);
    };
    const [project = ''] = projects;
    sim.control.updateIssue(project, leaves(project)[0] ?? 0, { Name: 'changed' });
    const cut = await sync(never.state, { deletion_sweep_hours: 24, projects: [project] }, failing);
    expect(cut.ok).to.equal(false);
    expect(sweepOf(cut.state)[project]?.at, 'a set not yet checked against a listing').to.equal(0);
    const resumed = await sync(cut.state, { deletion_sweep_hours: 24, projects: [project] });
    expect(resumed.sweepPages).to.equal(1);
    expect(sweepOf(resumed.state)[project]?.at).to.be.above(0);
  });

  it('sweeps only when deletion_sweep_hours have passed since the last sweep, and forgets the sets when switched off', async () => {
    const first = await sync(undefined, { deletion_sweep_hours: 24 });
    const [project = ''] = projects;
    const code = leaves(project)[0] ?? 0;
    sim.control.deleteIssue(project, code);
    const early = await sync(first.state, { deletion_sweep_hours: 24 });
    expect(early.sweepPages).to.equal(0);
    expect(early.tombstones).to.deep.equal([]);

    const dayOld = structuredClone(early.state);
    for (const entry of Object.values(sweepOf(dayOld))) entry.at -= 25 * 3_600_000;
    const due = await sync(dayOld, { deletion_sweep_hours: 24 });
    expect(keys(due.tombstones)).to.deep.equal([keyOf(project, code)]);

    const off = await sync(due.state, { deletion_sweep_hours: -1 });
    expect(off.state.sweep).to.equal(undefined);
  });

  it('warns once, naming the project and both numbers, when Coding’s TotalCount disagrees with the codes known after a sweep, and completes', async () => {
    const real = realClient();
    // A listing whose total counts one issue more than it lists, as a listing hiding an issue would.
    const lying = Object.create(real) as CodingClient;
    lying.call = async (action: string, params: Record<string, unknown> = {}): Promise<Payload> => {
      const response = await real.call(action, params);
      const data = response.Data;
      if (action === 'DescribeIssueListWithPage' && params.SortKey === 'CODE' && isObject(data) && typeof data.TotalCount === 'number') return { ...response, Data: { ...data, TotalCount: data.TotalCount + 1 } };
      return response;
    };
    const [project = ''] = projects;
    const first = await sync(undefined, { projects: [project] });
    const second = await sync(first.state, { projects: [project] }, lying);
    const count = sim.issueCodes(project).length;
    const warnings = second.logs.filter((l) => l.level === 'WARN');
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.text).to.include(project).and.include(`knows ${count} existing`).and.include(`TotalCount says ${count + 1}`);
    expect(second.ok).to.equal(true);
    expect(second.statuses.at(-1)).to.equal('COMPLETE');
  });

  it('closes the stream with one INFO line: records, tombstones, requests and Coding’s totals', async () => {
    const first = await sync(undefined);
    const [project = ''] = projects;
    sim.control.deleteIssue(project, leaves(project)[0] ?? 0);
    sim.control.updateIssue(project, leaves(project)[1] ?? 0, { Name: 'changed' });
    sim.stats.reset();
    const second = await sync(first.state);
    const infos = second.logs.filter((l) => l.level === 'INFO' && l.text.startsWith('Stream issues'));
    expect(infos).to.have.length(1);
    const total = projects.reduce((n, p) => n + sim.issueCodes(p).length, 0);
    expect(infos[0]?.text).to.include('Stream issues complete: 2 records emitted (1 tombstone)').and.include(`${sim.stats.total} requests to Coding`).and.include(`${total} existing in 2 partitions swept`);
  });
});
