import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from './index.js';
import { call, ok } from './test-support/api.js';

const P = 'platform';

/** Records the bodies of Service Hook deliveries. */
async function hookSink(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('code and delivery: depots, merge requests, commits, releases, CI jobs and builds', () => {
  let sim: Simulator;
  let projectId: number;
  const depots = () => sim.list('DescribeProjectDepotInfoList', { ProjectId: projectId });
  const depot = (suffix: string) => {
    const found = depots().find((d) => d.Name === `${P}-${suffix}`);
    if (!found) throw new Error(`no depot ${suffix}`);
    return found;
  };

  describe('the seeded data', () => {
    before(async () => {
      sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 10 } });
      projectId = sim.project(P).Id;
    });
    after(() => sim.close());

    it('has several depots per project: Git with history, an empty one, an SVN one, and one the token cannot read', async () => {
      expect(depots().map((d) => [d.Name, d.VcsType])).to.deep.equal([
        ['platform-backend', 'git'],
        ['platform-web', 'git'],
        ['platform-sandbox', 'git'],
        ['platform-legacy-svn', 'svn'],
        ['platform-vault', 'git'],
      ]);
      expect(depot('sandbox').LastPushAt).to.equal(0);
      const locked = await call(sim, 'DescribeGitCommitsInPage', { DepotId: depot('vault').Id, Ref: 'master', PageNumber: 1, PageSize: 10 });
      expect(locked.Error?.Code).to.equal('InvalidParameterValue');
      expect(locked.Error?.Message).to.match(/Permission denied/);
      const empty = await call(sim, 'DescribeGitCommitsInPage', { DepotId: depot('sandbox').Id, Ref: 'master', PageNumber: 1, PageSize: 10 });
      expect(empty.Error?.Code).to.equal('ResourceNotFound');
      const unknown = await call(sim, 'DescribeGitReleases', { DepotId: 1, PageNumber: 1, PageSize: 10 });
      expect(unknown.Error?.Code).to.equal('ResourceNotFound');
      // Only the first project has a locked depot.
      expect(sim.list('DescribeProjectDepotInfoList', { ProjectId: sim.project('mobile-app').Id }).map((d) => d.Name)).to.not.include('mobile-app-vault');
    });

    it('answers the depot list at DepotData.Depots with its totals in DepotData.Page, page numbers sent as strings', async () => {
      const response = await ok(sim, 'DescribeProjectDepotInfoList', { ProjectId: String(projectId), PageNumber: '2', PageSize: '2' });
      const data = response.DepotData as { Depots: Array<{ Name: string }>; Page: Record<string, number> };
      expect(data.Depots.map((d) => d.Name)).to.deep.equal(['platform-sandbox', 'platform-legacy-svn']);
      expect(data.Page).to.deep.equal({ PageNumber: 2, PageSize: 2, TotalPage: 3, TotalRow: 5 });
    });

    it('lists merge requests in every status, with reviewers and labels, sorted by update time and filtered by update day', () => {
      const all = sim.list('DescribeProjectMergeRequests', { ProjectId: projectId, Status: 'all', Sort: 'action_at', IsSortDirectionAsc: true });
      expect(new Set(all.map((m) => m.Status))).to.deep.equal(new Set(['CANMERGE', 'CANNOTMERGE', 'ACCEPTED', 'REFUSED', 'CANCEL']));
      expect(all.some((m) => m.Reviewers.length > 0) && all.some((m) => m.Labels.length > 0)).to.equal(true);
      const times = all.map((m) => m.UpdateAt);
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
      expect(times.length - new Set(times).size, 'merge requests sharing an UpdateAt').to.be.greaterThan(0);
      const open = sim.list('DescribeProjectMergeRequests', { ProjectId: projectId, Status: 'OPEN' });
      expect(new Set(open.map((m) => m.Status))).to.deep.equal(new Set(['CANMERGE', 'CANNOTMERGE']));
      const since = sim.list('DescribeProjectMergeRequests', { ProjectId: projectId, UpdatedAtStartDate: '2024-06-01', Sort: 'action_at', IsSortDirectionAsc: true });
      expect(since.map((m) => m.Id)).to.deep.equal(all.filter((m) => m.UpdateAt >= Date.parse('2024-05-31T16:00:00Z')).map((m) => m.Id));
    });

    it('lists the commits of a branch newest first, merge commits with two parents, filtered by commit day', () => {
      const backend = depot('backend');
      const commits = sim.list('DescribeGitCommitsInPage', { DepotId: backend.Id, Ref: backend.DefaultBranch });
      const dates = commits.map((c) => c.CommitDate);
      expect(dates).to.deep.equal([...dates].sort((a, b) => b - a));
      expect(commits[0]?.CommitDate).to.equal(backend.LastPushAt);
      expect(commits.filter((c) => c.Parents.length === 2)).to.have.length(1);
      const day = new Date(dates[5] as number + 8 * 3_600_000).toISOString().slice(0, 10);
      const recent = sim.list('DescribeGitCommitsInPage', { DepotId: backend.Id, Ref: backend.DefaultBranch, StartDate: day });
      expect(recent.length).to.be.greaterThan(5).and.lessThan(commits.length);
      expect(recent).to.deep.equal(commits.slice(0, recent.length));
    });

    it('has commits on several branches: a merged one, an open one', () => {
      const backend = depot('backend');
      const main = new Set(sim.list('DescribeGitCommitsInPage', { DepotId: backend.Id, Ref: backend.DefaultBranch }).map((c) => c.Sha));
      const mrs = sim.list('DescribeProjectMergeRequests', { ProjectId: projectId }).filter((m) => m.DepotId === backend.Id);
      const merged = mrs.find((m) => m.Status === 'ACCEPTED' && main.has(m.MergeCommitSha));
      const open = mrs.find((m) => m.Status === 'CANMERGE' && m.SourceBranch.startsWith('feature/'));
      expect(merged, 'an accepted merge request whose merge commit is on the default branch').to.not.equal(undefined);
      const openCommits = sim.list('DescribeGitCommitsInPage', { DepotId: backend.Id, Ref: open?.SourceBranch });
      expect(openCommits.filter((c) => !main.has(c.Sha)).length).to.be.greaterThan(0);
    });

    it('has releases per Git depot and CI jobs carrying sensitive and plain variables', () => {
      expect(sim.list('DescribeGitReleases', { DepotId: depot('backend').Id }).length).to.be.greaterThan(2);
      const jobs = sim.list('DescribeCodingCIJobs', { ProjectId: projectId });
      expect(jobs.length).to.be.greaterThan(1);
      for (const job of jobs) {
        expect(job.EnvList.filter((e) => e.Sensitive).length).to.be.greaterThan(0);
        expect(job.EnvList.filter((e) => !e.Sensitive).length).to.be.greaterThan(0);
      }
    });

    it('lists builds newest first, in every status, with test results', () => {
      const builds = sim.list('DescribeCodingCIJobs', { ProjectId: projectId }).flatMap((job) => {
        const list = sim.list('DescribeCodingCIBuilds', { JobId: job.Id });
        const created = list.map((b) => b.CreatedAt);
        expect(created).to.deep.equal([...created].sort((a, b) => b - a));
        return list;
      });
      for (const status of ['SUCCEED', 'FAILED', 'ABORTED', 'TIMEOUT', 'NOT_BUILT', 'RUNNING', 'QUEUED', 'WAITING_CONFIRM']) {
        expect(builds.map((b) => b.Status), status).to.include(status);
      }
      expect(builds.find((b) => b.Status === 'FAILED')?.TestResult.FailCount).to.be.greaterThan(0);
    });

    it('refuses the code actions to a token without their scope, naming it', async () => {
      const answer = await call(sim, 'DescribeCodingCIBuilds', { JobId: 1, PageNumber: 1, PageSize: 5 }, { authorization: `token ${sim.tokens.lacking('ci:build:ro')}` });
      expect(answer.Error?.Code).to.equal('InvalidParameterValue');
      expect(answer.Error?.Message).to.include('ci:build:ro');
    });
  });

  describe('control operations and the Service Hook deliveries they cause', () => {
    let sink: Awaited<ReturnType<typeof hookSink>>;
    let clock: number;
    beforeEach(async () => {
      sink = await hookSink();
      clock = Date.UTC(2025, 0, 1);
      sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 10 }, serviceHook: { url: sink.url }, now: () => (clock += 1000) });
      projectId = sim.project(P).Id;
    });
    afterEach(async () => {
      await sim.close();
      await sink.close();
    });
    const events = async () => {
      await sim.hooks.settled();
      return sink.bodies.map((b) => b.event);
    };

    it('pushes commits to the default branch: listed first, LastPushAt moved, one GIT_PUSHED naming the depot and the commits', async () => {
      const backend = depot('backend');
      const shas = sim.control.pushCommits(P, backend.Name, { Count: 3, Message: '推送 🚀' });
      const commits = sim.list('DescribeGitCommitsInPage', { DepotId: backend.Id, Ref: backend.DefaultBranch });
      expect(commits.slice(0, 3).map((c) => c.Sha)).to.deep.equal([...shas].reverse());
      expect(depot('backend').LastPushAt).to.equal(commits[0]?.CommitDate);
      expect(await events()).to.deep.equal(['GIT_PUSHED']);
      const body = sink.bodies[0] as { ref: string; commits: Array<{ id: string }>; repository: { id: number; name: string } };
      expect(body.ref).to.equal('refs/heads/master');
      expect(body.commits.map((c) => c.id)).to.deep.equal(shas);
      expect(body.repository).to.include({ id: backend.Id, name: backend.Name });
    });

    it('gives an empty depot its first branch on the first push', () => {
      const sandbox = depot('sandbox');
      sim.control.pushCommits(P, sandbox.Id, { Count: 2 });
      expect(sim.list('DescribeGitCommitsInPage', { DepotId: sandbox.Id, Ref: 'master' })).to.have.length(2);
    });

    it('opens, updates and merges a merge request: its UpdateAt moves, the merge commit lands on the target branch', async () => {
      const web = depot('web');
      sim.control.pushCommits(P, web.Name, { Branch: 'feature/new', Count: 2 });
      const opened = sim.control.openMergeRequest(P, web.Id, { SourceBranch: 'feature/new', Title: '新功能', LabelIds: [] });
      expect(opened.Status).to.equal('CANMERGE');
      const updated = sim.control.updateMergeRequest(P, opened.Id, { Title: '新功能（改）' });
      expect(updated.UpdateAt).to.be.greaterThan(opened.UpdateAt);
      const merged = sim.control.mergeMergeRequest(P, opened.Id);
      expect(merged.Status).to.equal('ACCEPTED');
      const main = sim.list('DescribeGitCommitsInPage', { DepotId: web.Id, Ref: web.DefaultBranch });
      expect(main[0]?.Sha).to.equal(merged.MergeCommitSha);
      expect(main.slice(1, 3).map((c) => c.ShortMessage)).to.deep.equal(['提交 (2/2)', '提交 (1/2)']);
      expect(await events()).to.deep.equal(['GIT_PUSHED', 'GIT_MR_CREATED', 'GIT_MR_UPDATED', 'GIT_MR_MERGED', 'GIT_PUSHED']);
      const mergedBody = sink.bodies[3] as { mergeRequest: { id: number; status: string } };
      expect(mergedBody.mergeRequest).to.include({ id: opened.Id, status: 'ACCEPTED' });
    });

    it('closes a merge request with GIT_MR_CLOSED', async () => {
      const open = sim.list('DescribeProjectMergeRequests', { ProjectId: projectId, Status: 'open' })[0];
      const closed = sim.control.updateMergeRequest(P, open?.Id ?? 0, { Status: 'REFUSED' });
      expect(closed.ActionAt).to.equal(closed.UpdateAt);
      expect(await events()).to.deep.equal(['GIT_MR_CLOSED']);
    });

    it('runs a build that later finishes: RUNNING and listed first, then final with a duration and test results', async () => {
      const job = sim.list('DescribeCodingCIJobs', { ProjectId: projectId })[1];
      const running = sim.control.runBuild(P, job?.Id ?? 0);
      expect(running.Status).to.equal('RUNNING');
      expect(sim.list('DescribeCodingCIBuilds', { JobId: job?.Id })[0]?.Id).to.equal(running.Id);
      const finished = sim.control.finishBuild(P, running.Id, { Status: 'FAILED', FailCount: 2 });
      expect(finished).to.deep.include({ Status: 'FAILED', CreatedAt: running.CreatedAt });
      expect(finished.Duration).to.be.greaterThan(0);
      expect(finished.TestResult.FailCount).to.equal(2);
      expect(await events()).to.deep.equal(['CI_JOB_STARTED', 'CI_JOB_FINISHED']);
      expect(() => sim.control.finishBuild(P, running.Id)).to.throw(/already finished/);
    });

    it('offers the same operations over HTTP', async () => {
      const post = async (method: string, path: string, body: unknown) => {
        const res = await fetch(`${sim.origin}/_simulator${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const pushed = await post('POST', `/projects/${P}/depots/${P}-web/commits`, { Branch: 'feature/http' });
      expect(pushed.status).to.equal(201);
      const opened = await post('POST', `/projects/${P}/depots/${depot('web').Id}/merge-requests`, { SourceBranch: 'feature/http' });
      expect(opened.status).to.equal(201);
      const merged = await post('POST', `/projects/${P}/merge-requests/${String(opened.json.Id)}/merge`, {});
      expect(merged.json.Status).to.equal('ACCEPTED');
      const job = sim.list('DescribeCodingCIJobs', { ProjectId: projectId })[0];
      const run = await post('POST', `/projects/${P}/ci-jobs/${job?.Id ?? 0}/builds`, {});
      const done = await post('PATCH', `/projects/${P}/ci-builds/${String(run.json.Id)}`, { Status: 'SUCCEED' });
      expect(done.json.Status).to.equal('SUCCEED');
      expect((await post('POST', `/projects/${P}/depots/${P}-legacy-svn/commits`, {})).status).to.equal(400);
    });
  });
});
