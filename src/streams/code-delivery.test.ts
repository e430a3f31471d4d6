import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../coding/client.js';
import type { Item } from '../coding/paging.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import type { Stream } from '../engine/declaration.js';
import { read } from '../engine/read.js';
import type { JsonObject } from '../json.js';
import { testRunContext } from '../test-support/run-context.js';
import { ciBuilds } from './ci-builds.js';
import { ciJobs } from './ci-jobs.js';
import { commits } from './commits.js';
import { depots } from './depots.js';
import { STREAMS } from './index.js';
import { mergeRequests } from './merge-requests.js';
import { releases } from './releases.js';

type Mode = 'full_refresh' | 'incremental';

describe('code and delivery streams against the simulator', function () {
  this.timeout(60_000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 5, iterationsPerProject: 2, membersPerProject: 6 } });
  });
  after(() => sim.close());

  function context(token = sim.tokens.personal) {
    const client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: token, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 1 } });
    return testRunContext(client, { team_name: sim.team, api_url: sim.apiUrl });
  }

  /** Reads streams as `read` does, and returns what it emitted, the last state of each stream, and the streams that failed. */
  async function run(streams: Stream[], mode: Mode, input: Map<string, JsonObject> = new Map(), token?: string) {
    const ctx = context(token);
    const selected = streams.map((s) => ({ name: s.name, syncMode: mode === 'incremental' && s.cursor ? mode : ('full_refresh' as Mode), cursorField: undefined }));
    const outcome = await read(ctx, STREAMS, selected, input);
    const states = new Map<string, JsonObject>();
    for (const m of ctx.messages) if (m.type === 'STATE' && m.state.stream) states.set(m.state.stream.stream_descriptor.name, m.state.stream.stream_state as JsonObject);
    const errors = ctx.messages.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'ERROR' && m.trace.error ? [m.trace.error.message] : []));
    return { records: ctx.records, states, failed: outcome.failed, errors, logs: ctx.logs };
  }

  const projectsOf = () => sim.projectNames().map((name) => ({ name, id: sim.project(name).Id }));
  const record = (project: string, key: string, item: object, extra: object = {}): Item => ({ Key: `${sim.team}/${project}/${key}`, TeamName: sim.team, ProjectName: project, ...extra, ...item });
  /** Items of a listing the simulator refuses (empty, SVN, locked depots) are none. */
  const listed = <T>(list: () => T[]): T[] => {
    try {
      return list();
    } catch {
      return [];
    }
  };
  const masked = (item: { EnvList: Array<{ Name: string; Value: string; Sensitive: boolean }> }) => ({
    ...item,
    EnvList: item.EnvList.map((e) => (e.Sensitive ? { Name: e.Name, Sensitive: true, Value: null } : e)),
  });

  /** The simulator's truth, as each stream must emit it. */
  const truth: Record<string, () => Item[]> = {
    depots: () => projectsOf().flatMap((p) => sim.list('DescribeProjectDepotInfoList', { ProjectId: p.id }).map((d) => record(p.name, String(d.Id), d))),
    merge_requests: () => projectsOf().flatMap((p) => sim.list('DescribeProjectMergeRequests', { ProjectId: p.id, Status: 'all' }).map((m) => record(p.name, String(m.Id), m))),
    commits: () =>
      projectsOf().flatMap((p) =>
        sim.list('DescribeProjectDepotInfoList', { ProjectId: p.id }).flatMap((d) =>
          listed(() => sim.list('DescribeGitCommitsInPage', { DepotId: d.Id, Ref: d.DefaultBranch })).map((c) => record(p.name, `${d.Id}/${c.Sha}`, c, { DepotId: d.Id, DepotName: d.Name, Ref: d.DefaultBranch })),
        ),
      ),
    releases: () =>
      projectsOf().flatMap((p) =>
        sim.list('DescribeProjectDepotInfoList', { ProjectId: p.id }).flatMap((d) => listed(() => sim.list('DescribeGitReleases', { DepotId: d.Id })).map((r) => record(p.name, `${d.Id}/${r.Id}`, r, { DepotName: d.Name }))),
      ),
    ci_jobs: () => projectsOf().flatMap((p) => sim.list('DescribeCodingCIJobs', { ProjectId: p.id }).map((j) => record(p.name, String(j.Id), masked(j)))),
    ci_builds: () =>
      projectsOf().flatMap((p) =>
        sim.list('DescribeCodingCIJobs', { ProjectId: p.id }).flatMap((j) => sim.list('DescribeCodingCIBuilds', { JobId: j.Id }).map((b) => record(p.name, `${j.Id}/${b.Id}`, masked(b), { JobName: j.Name }))),
      ),
  };
  const byKey = (items: Item[]) => [...items].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));

  for (const stream of [depots, mergeRequests, commits, releases, ciJobs, ciBuilds]) {
    for (const mode of stream.cursor ? (['full_refresh', 'incremental'] as const) : (['full_refresh'] as const)) {
      it(`${stream.name} (${mode}) equals the simulator's data, record for record`, async () => {
        const result = await run([stream], mode);
        expect(result.failed).to.deep.equal([]);
        const expected = truth[stream.name]?.() ?? [];
        expect(expected.length).to.be.greaterThan(5);
        expect(byKey(result.records)).to.deep.equal(byKey(expected));
      });
    }
  }

  it('skips the empty depot and the one the token cannot read, with one WARN naming them, and completes', async () => {
    const result = await run([commits], 'full_refresh');
    expect(result.failed).to.deep.equal([]);
    const warnings = result.logs.filter((l) => l.level === 'WARN');
    expect(warnings).to.have.length(1);
    const [platform] = projectsOf() as [{ name: string; id: number }];
    const depotsOf = sim.list('DescribeProjectDepotInfoList', { ProjectId: platform.id });
    for (const name of ['platform-sandbox', 'platform-vault']) {
      const id = depotsOf.find((d) => d.Name === name)?.Id;
      expect(warnings[0]?.text).to.include(`platform/${id}`);
    }
    // SVN depots are not asked for commits at all.
    const svn = depotsOf.find((d) => d.VcsType === 'svn')?.Id;
    expect(warnings[0]?.text).to.not.include(`platform/${svn}`);
  });

  it('fails only the stream whose scope the token lacks, with a message naming the scope', async () => {
    const result = await run([ciJobs, ciBuilds, depots], 'full_refresh', new Map(), sim.tokens.lacking('ci:build:ro'));
    expect(result.failed).to.deep.equal(['ci_builds']);
    expect(result.errors).to.have.length(1);
    expect(result.errors[0]).to.include('ci:build:ro');
    expect(result.records.some((r) => String(r.Key).split('/').length === 3)).to.equal(true);
  });

  it('fails commits and releases with the depot scope named when the token cannot list depots', async () => {
    const result = await run([commits, releases, ciJobs], 'full_refresh', new Map(), sim.tokens.lacking('project:depot:ro'));
    expect(result.failed).to.deep.equal(['commits', 'releases']);
    for (const error of result.errors) expect(error).to.include('project:depot:ro');
  });

  describe('incrementally', () => {
    let local: Simulator;
    let requests: Array<{ action: string; params: Record<string, unknown> }>;

    beforeEach(async () => {
      local = sim;
      sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 5, iterationsPerProject: 2, membersPerProject: 6 }, now: (() => { let t = Date.UTC(2025, 0, 1); return () => (t += 1000); })() });
      requests = [];
      sim.onRequest((req) => void requests.push({ action: req.action, params: req.params }));
    });
    afterEach(async () => {
      await sim.close();
      sim = local;
    });

    const asked = (action: string, key: string) => requests.filter((r) => r.action === action).map((r) => Number(r.params[key]));

    it('asks, after pushes to one depot, for the commits of that depot only (and of the depot it may not read, in case access was granted)', async () => {
      const first = await run([commits], 'incremental');
      const state = new Map([['commits', first.states.get('commits') as JsonObject]]);
      const [, mobile] = projectsOf() as [unknown, { name: string; id: number }];
      const web = sim.list('DescribeProjectDepotInfoList', { ProjectId: mobile.id }).find((d) => d.Name === 'mobile-app-web');
      const vault = sim.list('DescribeProjectDepotInfoList', { ProjectId: sim.project('platform').Id }).find((d) => d.Name === 'platform-vault');
      const pushed = sim.control.pushCommits(mobile.name, 'mobile-app-web', { Count: 3 });

      requests.length = 0;
      const second = await run([commits], 'incremental', state);
      expect(asked('DescribeGitCommitsInPage', 'DepotId').sort()).to.deep.equal([web?.Id, vault?.Id].sort());
      expect(second.records.map((r) => r.Sha)).to.have.members(pushed);

      requests.length = 0;
      const third = await run([commits], 'incremental', new Map([['commits', second.states.get('commits') as JsonObject]]));
      expect(asked('DescribeGitCommitsInPage', 'DepotId')).to.deep.equal([vault?.Id]);
      expect(third.records).to.deep.equal([]);
    });

    it('reads an empty depot once it was pushed to, and costs nothing for it before', async () => {
      const first = await run([commits], 'incremental');
      const sandbox = sim.list('DescribeProjectDepotInfoList', { ProjectId: sim.project('mobile-app').Id }).find((d) => d.Name === 'mobile-app-sandbox');
      requests.length = 0;
      const second = await run([commits], 'incremental', new Map([['commits', first.states.get('commits') as JsonObject]]));
      expect(asked('DescribeGitCommitsInPage', 'DepotId')).to.not.include(sandbox?.Id);
      sim.control.pushCommits('mobile-app', 'mobile-app-sandbox', { Count: 2 });
      const third = await run([commits], 'incremental', new Map([['commits', second.states.get('commits') as JsonObject]]));
      expect(third.records.filter((r) => r.DepotId === sandbox?.Id)).to.have.length(2);
    });

    it('emits a build still running again once it finished, stops paging at builds already emitted, and emits a finished one once', async () => {
      const job = sim.list('DescribeCodingCIJobs', { ProjectId: sim.project('mobile-app').Id })[0];
      const first = await run([ciBuilds], 'incremental');
      const jobs = projectsOf().flatMap((p) => sim.list('DescribeCodingCIJobs', { ProjectId: p.id }));
      const running = sim.control.runBuild('mobile-app', job?.Id ?? 0);

      requests.length = 0;
      const second = await run([ciBuilds], 'incremental', new Map([['ci_builds', first.states.get('ci_builds') as JsonObject]]));
      expect(asked('DescribeCodingCIBuilds', 'JobId'), 'one page per job').to.have.length(jobs.length);
      const seededUnfinished = truth.ci_builds?.().filter((b) => ['RUNNING', 'QUEUED', 'WAITING_CONFIRM'].includes(String(b.Status)) && b.Id !== running.Id) ?? [];
      expect(second.records.map((r) => r.Id)).to.have.members([running.Id, ...seededUnfinished.map((b) => b.Id)]);

      sim.control.finishBuild('mobile-app', running.Id, { Status: 'SUCCEED' });
      const third = await run([ciBuilds], 'incremental', new Map([['ci_builds', second.states.get('ci_builds') as JsonObject]]));
      expect(third.records.find((r) => r.Id === running.Id)).to.include({ Status: 'SUCCEED' });

      const fourth = await run([ciBuilds], 'incremental', new Map([['ci_builds', third.states.get('ci_builds') as JsonObject]]));
      expect(fourth.records.map((r) => r.Id)).to.not.include(running.Id);
    });

    it('emits merge requests updated since the previous sync, and nothing else', async () => {
      const first = await run([mergeRequests], 'incremental');
      const open = sim.list('DescribeProjectMergeRequests', { ProjectId: sim.project('platform').Id, Status: 'open' })[0];
      const updated = sim.control.updateMergeRequest('platform', open?.Id ?? 0, { Title: '改了标题' });
      const second = await run([mergeRequests], 'incremental', new Map([['merge_requests', first.states.get('merge_requests') as JsonObject]]));
      expect(second.records).to.deep.equal([record('platform', String(updated.Id), updated)]);
    });
  });
});
