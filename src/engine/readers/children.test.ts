import { expect } from 'chai';
import { ApiError, startSimulator, type Simulator } from '@source-coding/coding-simulator';
import type { Item } from '../../coding/paging.js';
import type { JsonObject } from '../../json.js';
import { issueBlockers } from '../../streams/issue-blockers.js';
import { issueComments } from '../../streams/issue-comments.js';
import { issueStatusChanges } from '../../streams/issue-status-changes.js';
import { issueWorkLogs } from '../../streams/issue-work-logs.js';
import { issues } from '../../streams/issues.js';
import { simulatorClient, syncInProcess } from '../../test-support/in-process-sync.js';
import { testRunContext } from '../../test-support/run-context.js';
import { listOf, type Stream } from '../declaration.js';
import { StreamState } from '../stream-state.js';
import { readChildren } from './children.js';

const T0 = Date.UTC(2025, 0, 10, 4, 0, 0);
const CHILD_STREAMS = { issue_comments: 'incremental', issue_work_logs: 'incremental', issue_status_changes: 'incremental', issue_blockers: 'incremental' } as const;
const byKey = (records: readonly Item[]): Item[] => [...records].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));

describe('child streams: the children of the issues that changed, read by following the issues’ cursor', () => {
  let sim: Simulator;
  let clock = T0;
  beforeEach(async () => {
    clock = T0;
    sim = await startSimulator({ seed: 11, dataset: { projects: 2, issuesPerProject: 70 }, now: () => clock });
  });
  afterEach(() => sim.close());

  /** What each child stream must hold for these issues: the simulator's lists, keyed as the connector keys them. */
  function truth(stream: string, project: string, codes: readonly number[]): Item[] {
    const key = (...parts: unknown[]) => [sim.team, project, ...parts].join('/');
    const base = { TeamName: sim.team, ProjectName: project };
    return codes.flatMap((code): Item[] => {
      switch (stream) {
        case 'issue_comments':
          return sim.list('DescribeIssueCommentList', { ProjectName: project, IssueCode: code, ShowFileId: true }).map((c) => ({ Key: key(code, c.CommentId), ...base, IssueCode: code, ...c }));
        case 'issue_work_logs':
          return sim.list('DescribeIssueWorkLogList', { ProjectName: project, IssueCode: code }).map((w) => ({ Key: key(code, w.Id), ...base, ...w }));
        case 'issue_status_changes':
          return sim.list('DescribeIssueStatusChangeLogList', { ProjectName: project, IssueCode: [code] }).map((s) => ({ Key: key(code, s.StatusId, s.CreatedAt), ...base, ...s }));
        default: {
          const updatedAt = sim.issueListItem(project, code).UpdatedAt;
          return sim.list('DescribeBlockedByIssueList', { ProjectName: project, IssueCode: code }).map((b) => ({ Key: key(code, b.Code), ...base, IssueCode: code, BlockerCode: b.Code, IssueUpdatedAt: updatedAt, ...b }));
        }
      }
    });
  }

  const allTruth = (stream: string): Item[] => sim.projectNames().flatMap((p) => truth(stream, p, sim.issueCodes(p)));

  it('reads on a first sync the children of every issue, equal to the simulator’s, one call per issue (status changes: per 50 issues)', async () => {
    const run = await syncInProcess(sim, CHILD_STREAMS);
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
    for (const stream of Object.keys(CHILD_STREAMS)) {
      expect(byKey(run.records.get(stream) ?? []), stream).to.deep.equal(byKey(allTruth(stream)));
      expect(run.records.get(stream), stream).to.not.be.empty;
    }
    const issueCount = sim.projectNames().reduce((n, p) => n + sim.issueCodes(p).length, 0);
    expect(run.requests).to.deep.include({
      DescribeIssueCommentList: issueCount,
      DescribeIssueWorkLogList: issueCount,
      DescribeBlockedByIssueList: issueCount,
      DescribeIssueStatusChangeLogList: sim.projectNames().length * 2,
      DescribeIssueListWithPage: 4 * sim.projectNames().length,
    });
  });

  it('emits on an incremental sync exactly the new children of the k changed issues, with k requests per per-issue action', async () => {
    const first = await syncInProcess(sim, CHILD_STREAMS);
    const [p1, p2] = sim.projectNames() as [string, string];
    const statusOf = (project: string, code: number): number => {
      const issue = sim.issueListItem(project, code);
      return sim.list('DescribeProjectIssueStatusList', { ProjectName: project, IssueType: issue.Type }).find((s) => s.IssueStatusId !== issue.IssueStatusId)?.IssueStatusId ?? 0;
    };
    const comments = [sim.control.addComment(p1, 3, { Content: '新评论 A' }), sim.control.addComment(p1, 9, { Content: '新评论 B 🎯' }), sim.control.addComment(p2, 5)];
    const logs = [sim.control.addWorkLog(p1, 12, { RecordHours: 1.5 }), sim.control.addWorkLog(p2, 6)];
    sim.control.changeStatus(p1, 20, statusOf(p1, 20));
    sim.control.changeStatus(p2, 21, statusOf(p2, 21));
    sim.control.addBlocker(p1, 30, 31);
    sim.control.setCustomField(p2, 40, 210101, '招商银行');
    clock = T0 + 60_000;
    comments.push(sim.control.addComment(p1, 3, { Content: '同一事项的第二条' }));
    const changed: Record<string, number[]> = { [p1]: [3, 9, 12, 20, 30], [p2]: [5, 6, 21, 40] };
    const k = Object.values(changed).flat().length;

    const run = await syncInProcess(sim, CHILD_STREAMS, first.states);
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
    expect((run.records.get('issue_comments') ?? []).map((c) => c.CommentId).sort()).to.deep.equal(comments.map((c) => c.CommentId).sort());
    expect((run.records.get('issue_work_logs') ?? []).map((w) => w.Id).sort()).to.deep.equal(logs.map((w) => w.Id).sort());
    expect((run.records.get('issue_status_changes') ?? []).map((s) => `${String(s.ProjectName)}/${String(s.IssueCode)}@${String(s.CreatedAt)}`).sort()).to.deep.equal([`${p1}/20@${T0}`, `${p2}/21@${T0}`].sort());
    // Blockers have no time: the current set of every changed issue.
    const blockers = Object.entries(changed).flatMap(([project, codes]) => truth('issue_blockers', project, codes));
    expect(byKey(run.records.get('issue_blockers') ?? [])).to.deep.equal(byKey(blockers));
    expect(blockers.map((b) => b.Key)).to.include(`${sim.team}/${p1}/30/31`);
    expect(run.requests).to.deep.include({
      DescribeIssueCommentList: k,
      DescribeIssueWorkLogList: k,
      DescribeBlockedByIssueList: k,
      DescribeIssueStatusChangeLogList: 2,
      DescribeIssueListWithPage: 8,
    });

    const quiet = await syncInProcess(sim, CHILD_STREAMS, run.states);
    expect([...quiet.records.values()].flat()).to.deep.equal([]);
    expect(quiet.requests).to.deep.equal({ DescribeCodingProjects: 1, DescribeIssueListWithPage: 8 });
  });

  it('keeps its own position on the issues’ listing, in the issues’ layout, whether or not issues is read', async () => {
    const run = await syncInProcess(sim, { issue_comments: 'incremental' });
    const issuesRun = await syncInProcess(sim, { issues: 'incremental' });
    // The same positions; issues also keeps its deletion sweep's codes, which children have no use for.
    expect(run.states.get('issue_comments')).to.deep.equal({ projects: issuesRun.states.get('issues')?.projects });
    expect(Object.keys(run.states.get('issue_comments')?.projects as JsonObject).sort()).to.deep.equal([...sim.projectNames()].sort());
  });

  describe('a first sync stopped half-way (issue pages of 20)', () => {
    // The same streams over an issue listing of short pages, so that a project takes several checkpoints.
    const shortPages: Stream = { ...issues, list: { ...listOf(issues), pageSize: 20 } };
    const comments: Stream = { ...issueComments, children: { ...issueComments.children!, of: shortPages } };

    async function steps(state: StreamState): Promise<Array<{ records: Item[]; state: JsonObject }>> {
      const ctx = testRunContext(simulatorClient(sim), { team_name: sim.team, api_url: sim.apiUrl, projects: ['platform'] });
      const out: Array<{ records: Item[]; state: JsonObject }> = [];
      for await (const step of readChildren(ctx, comments, state)) out.push({ records: step.records, state: step.state });
      return out;
    }

    it('checkpoints after each page with the time it emits from (ChildrenSince), dropped once the listing is read to the end', async () => {
      const all = await steps(StreamState.empty(comments));
      expect(all.length).to.be.greaterThan(3);
      const positions = all.map((s) => (s.state.projects as Record<string, JsonObject>).platform);
      for (const position of positions.slice(0, -1)) expect(position).to.have.property('ChildrenSince', 0);
      expect(positions.at(-1)).to.not.have.property('ChildrenSince');
      expect(all.at(-1)?.records).to.deep.equal([]);
    });

    it('resumes from any checkpoint emitting every child of the issues not reached yet, however old', async () => {
      const all = await steps(StreamState.empty(comments));
      let resumes = 0;
      for (let i = 0; i < all.length - 1; i++) {
        const after = all.slice(i + 1).flatMap((s) => s.records.map((r) => r.Key));
        const resumed = await steps(StreamState.parse(comments, all[i]?.state));
        expect(resumed.flatMap((s) => s.records.map((r) => r.Key)).sort(), `from checkpoint ${i + 1}`).to.deep.equal([...after].sort());
        if (after.length > 0) resumes++;
      }
      expect(resumes).to.be.greaterThan(1);
    });
  });

  it('skips an issue deleted between the list and its child call, and reads the others', async () => {
    const [p1] = sim.projectNames() as [string];
    const victim = 1;
    let deleted = false;
    sim.onRequest((req) => {
      const codes = req.params.IssueCode;
      const names = Array.isArray(codes) ? codes.includes(victim) : codes === victim;
      if (!deleted && req.params.ProjectName === p1 && names && req.action === 'DescribeIssueStatusChangeLogList') {
        deleted = true;
        sim.control.deleteIssue(p1, victim);
      }
    });
    const run = await syncInProcess(sim, { issue_status_changes: 'full_refresh' });
    expect(deleted).to.equal(true);
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
    expect(byKey(run.records.get('issue_status_changes') ?? [])).to.deep.equal(byKey(allTruth('issue_status_changes')));
    expect((run.records.get('issue_status_changes') ?? []).some((s) => s.ProjectName === p1 && s.IssueCode === victim)).to.equal(false);

    let gone = false;
    sim.onRequest((req) => {
      if (!gone && req.action === 'DescribeIssueCommentList' && req.params.ProjectName === p1 && req.params.IssueCode === 2) {
        gone = true;
        sim.control.deleteIssue(p1, 2);
      }
    });
    const comments = await syncInProcess(sim, { issue_comments: 'full_refresh' });
    expect(gone).to.equal(true);
    expect(comments.failed).to.deep.equal([]);
    expect(byKey(comments.records.get('issue_comments') ?? [])).to.deep.equal(byKey(allTruth('issue_comments')));
  });

  it('retries a child call that failed for a transient reason instead of failing the stream', async () => {
    sim.faults.inject({ kind: 'http500', action: 'DescribeIssueCommentList', times: 2 });
    sim.faults.inject({ kind: 'rateLimitError', action: 'DescribeIssueWorkLogList' });
    sim.faults.inject({ kind: 'drop', action: 'DescribeBlockedByIssueList' });
    const run = await syncInProcess(sim, { issue_comments: 'full_refresh', issue_work_logs: 'full_refresh', issue_blockers: 'full_refresh' });
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
    for (const stream of ['issue_comments', 'issue_work_logs', 'issue_blockers']) expect(byKey(run.records.get(stream) ?? []), stream).to.deep.equal(byKey(allTruth(stream)));
  });

  it('halves a batch of issues Coding refuses as too many, keeps the smaller size, and says so once', async () => {
    const LIMIT = 30;
    const sizes: number[] = [];
    sim.onRequest((req) => {
      const codes = req.params.IssueCode;
      if (req.action !== 'DescribeIssueStatusChangeLogList' || !Array.isArray(codes)) return;
      sizes.push(codes.length);
      if (codes.length > LIMIT) throw new ApiError('InvalidParameterValue', `at most ${LIMIT} issues`);
    });
    const run = await syncInProcess(sim, { issue_status_changes: 'full_refresh' }, new Map(), { projects: ['platform'] });
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
    expect(byKey(run.records.get('issue_status_changes') ?? [])).to.deep.equal(byKey(truth('issue_status_changes', 'platform', sim.issueCodes('platform'))));
    // 70 issues: batches of 50 and 20; the 50 is refused and asked again as two of 25.
    expect([...sizes].sort((a, b) => b - a)).to.deep.equal([50, 25, 25, 20]);
    expect(run.logs.filter((l) => /asking for 25 at a time/.test(l.text))).to.have.length(1);
  });
});

describe('child stream declarations', () => {
  it('name the issues as their parent and key each child within its project', () => {
    for (const stream of [issueComments, issueWorkLogs, issueStatusChanges, issueBlockers]) {
      expect(stream.children?.of, stream.name).to.equal(issues);
      expect(StreamState.layoutOf(stream), stream.name).to.deep.equal({ partitions: 'projects', value: 'UpdatedAt', ids: 'Codes', since: 'ChildrenSince' });
    }
  });
});
