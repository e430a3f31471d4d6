/**
 * Control operations on the code and delivery tables: push commits, open, update and merge a merge
 * request, run a build and finish it. Each replaces rows through the store and reports what Coding's
 * Service Hooks would send. The hook bodies of these events are undocumented (reference §4.1 lists
 * only their codes); their shapes here are INFERRED: a push carries `ref`, `before`, `after`,
 * `commits` and `repository`; a merge-request event a `mergeRequest` object and the `repository`; a
 * build event the `job` and the `build`.
 */
import { createHash } from 'node:crypto';
import { SimulatorInputError, SimulatorNotFoundError } from './control-errors.js';
import type { ProjectState, Store, StoreChange } from './store.js';
import { CI_BUILDS, FINAL_BUILD_STATUSES, UNFINISHED_BUILD_STATUSES, type BuildStatus, type CiBuildRow } from './tables/ci-builds.js';
import { CI_JOBS, type CiJobRow } from './tables/ci-jobs.js';
import { COMMITS, type CommitRow } from './tables/commits.js';
import { DEPOTS, type DepotRow } from './tables/depots.js';
import { LABELS } from './tables/legacy-tables.js';
import { MERGE_REQUESTS, OPEN_STATUSES, type MergeRequestRow, type MergeRequestStatus } from './tables/merge-requests.js';

export interface PushFields {
  /** Default: the depot's default branch. A new branch starts from the default branch's head. */
  Branch?: string;
  /** Default 1. */
  Count?: number;
  Message?: string;
}

export interface MergeRequestFields {
  SourceBranch?: string;
  TargetBranch?: string;
  Title?: string;
  Describe?: string;
  ReviewerIds?: number[];
  LabelIds?: number[];
}

export interface MergeRequestPatch {
  Title?: string;
  Describe?: string;
  ReviewerIds?: number[];
  LabelIds?: number[];
  /** CANMERGE or CANNOTMERGE keep it open; REFUSED or CANCEL close it. Merging is mergeMergeRequest. */
  Status?: Exclude<MergeRequestStatus, 'ACCEPTED'>;
}

export interface BuildFields {
  /** Default: the job's depot's default branch. */
  Branch?: string;
}

export interface BuildOutcome {
  /** Default SUCCEED. */
  Status?: (typeof FINAL_BUILD_STATUSES)[number];
  PassCount?: number;
  FailCount?: number;
  SkipCount?: number;
}

const NO_SHA = '0'.repeat(40);

export class CodeDelivery {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Appends commits to a branch; returns their shas, oldest first. */
  pushCommits(projectName: string, depotRef: number | string, fields: PushFields = {}): string[] {
    const project = this.store.requireProject(projectName);
    const depot = this.depot(project, depotRef);
    const branch = fields.Branch ?? depot.defaultBranch;
    const count = fields.Count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new SimulatorInputError('Count must be an integer from 1 to 1000');
    const commits = this.commitsOf(project, depot);
    const before = head(commits, branch);
    const base = before ? undefined : head(commits, depot.defaultBranch);
    const changed: CommitRow[] = [];
    if (!before && base) {
      // A new branch holds everything the default branch holds.
      for (const c of commits) if (c.refs.includes(depot.defaultBranch)) changed.push({ ...c, refs: [...c.refs, branch] });
    }
    const owner = this.store.owner;
    const last = Math.max(this.now(), depot.lastPushAt + count);
    let seq = this.nextSeq(project);
    let parent = before ?? base;
    const pushed: CommitRow[] = [];
    for (let i = 0; i < count; i++) {
      const date = last - (count - 1 - i);
      const message = count === 1 ? (fields.Message ?? `提交 ${seq}`) : `${fields.Message ?? '提交'} (${i + 1}/${count})`;
      const commit: CommitRow = {
        sha: sha(`${depot.id}:${branch}:${seq}:${date}`),
        depotId: depot.id,
        seq: seq++,
        refs: [branch],
        parents: parent ? [parent.sha] : [],
        shortMessage: message.split('\n')[0] ?? message,
        fullMessage: message,
        authorName: owner.name,
        authorEmail: owner.email,
        committerName: owner.name,
        committerEmail: owner.email,
        commitDate: date,
        createdAt: date,
      };
      pushed.push(commit);
      parent = commit;
    }
    const moved = { ...depot, lastPushAt: last };
    this.store.putRows(project, DEPOTS, [moved], []);
    this.store.putRows(project, COMMITS, [...changed, ...pushed], [this.pushed(project, moved, branch, before?.sha, pushed)]);
    return pushed.map((c) => c.sha);
  }

  /** Opens a merge request from an existing branch; returns its Id. */
  openMergeRequest(projectName: string, depotRef: number | string, fields: MergeRequestFields = {}): number {
    const project = this.store.requireProject(projectName);
    const depot = this.depot(project, depotRef);
    const commits = this.commitsOf(project, depot);
    const source = fields.SourceBranch;
    const target = fields.TargetBranch ?? depot.defaultBranch;
    if (!source) throw new SimulatorInputError('SourceBranch is required');
    const sourceHead = head(commits, source);
    const targetHead = head(commits, target);
    if (!sourceHead) throw new SimulatorInputError(`no branch ${source} in depot ${depot.name}`);
    if (!targetHead) throw new SimulatorInputError(`no branch ${target} in depot ${depot.name}`);
    const all = this.store.projects().flatMap((p) => [...p.rows(MERGE_REQUESTS).values()]);
    const at = this.now();
    const row: MergeRequestRow = {
      id: Math.max(0, ...all.map((m) => m.id)) + 1,
      mergeId: Math.max(0, ...all.filter((m) => m.depotId === depot.id).map((m) => m.mergeId)) + 1,
      depotId: depot.id,
      title: fields.Title ?? `合并 ${source}`,
      describe: fields.Describe ?? '',
      status: 'CANMERGE',
      sourceBranch: source,
      sourceSha: sourceHead.sha,
      targetBranch: target,
      targetSha: targetHead.sha,
      baseSha: targetHead.sha,
      mergeCommitSha: '',
      authorId: this.store.owner.id,
      actionAuthorId: 0,
      actionAt: 0,
      reviewers: this.reviewers(fields.ReviewerIds ?? []),
      labelIds: this.labels(project, fields.LabelIds ?? []),
      commentCount: 0,
      createdAt: at,
      updateAt: at,
    };
    this.store.putRows(project, MERGE_REQUESTS, [row], [this.mergeRequestEvent('GIT_MR_CREATED', project, depot, row)]);
    return row.id;
  }

  updateMergeRequest(projectName: string, id: number, patch: MergeRequestPatch = {}): void {
    const project = this.store.requireProject(projectName);
    const prev = this.mergeRequest(project, id);
    if (!OPEN_STATUSES.includes(prev.status)) throw new SimulatorInputError(`merge request ${id} is ${prev.status}, no longer open`);
    const status = patch.Status ?? prev.status;
    if (!['CANMERGE', 'CANNOTMERGE', 'REFUSED', 'CANCEL'].includes(status)) throw new SimulatorInputError(`Status ${JSON.stringify(status)} cannot be set; merge with the merge route`);
    const at = Math.max(this.now(), prev.updateAt + 1);
    const closing = !OPEN_STATUSES.includes(status);
    const next: MergeRequestRow = {
      ...prev,
      title: patch.Title ?? prev.title,
      describe: patch.Describe ?? prev.describe,
      reviewers: patch.ReviewerIds ? this.reviewers(patch.ReviewerIds) : prev.reviewers,
      labelIds: patch.LabelIds ? this.labels(project, patch.LabelIds) : prev.labelIds,
      status,
      actionAuthorId: closing ? this.store.owner.id : 0,
      actionAt: closing ? at : 0,
      updateAt: at,
    };
    const depot = this.depot(project, prev.depotId);
    this.store.putRows(project, MERGE_REQUESTS, [next], [this.mergeRequestEvent(closing ? 'GIT_MR_CLOSED' : 'GIT_MR_UPDATED', project, depot, next)]);
  }

  /** Merges with a merge commit on the target branch (a push to it); returns the merge commit's sha. */
  mergeMergeRequest(projectName: string, id: number): string {
    const project = this.store.requireProject(projectName);
    const prev = this.mergeRequest(project, id);
    if (!OPEN_STATUSES.includes(prev.status)) throw new SimulatorInputError(`merge request ${id} is ${prev.status}, no longer open`);
    const depot = this.depot(project, prev.depotId);
    const commits = this.commitsOf(project, depot);
    const sourceHead = head(commits, prev.sourceBranch);
    const targetHead = head(commits, prev.targetBranch);
    if (!sourceHead || !targetHead) throw new SimulatorInputError(`merge request ${id}: its branches no longer exist`);
    const at = Math.max(this.now(), depot.lastPushAt + 1, prev.updateAt + 1);
    const owner = this.store.owner;
    const message = `Merge branch '${prev.sourceBranch}' into ${prev.targetBranch}`;
    const merge: CommitRow = {
      sha: sha(`${depot.id}:merge:${id}:${at}`),
      depotId: depot.id,
      seq: this.nextSeq(project),
      refs: [prev.targetBranch],
      parents: [targetHead.sha, sourceHead.sha],
      shortMessage: message,
      fullMessage: message,
      authorName: owner.name,
      authorEmail: owner.email,
      committerName: owner.name,
      committerEmail: owner.email,
      commitDate: at,
      createdAt: at,
    };
    const joined = commits.filter((c) => c.refs.includes(prev.sourceBranch) && !c.refs.includes(prev.targetBranch)).map((c) => ({ ...c, refs: [...c.refs, prev.targetBranch] }));
    const next: MergeRequestRow = { ...prev, status: 'ACCEPTED', sourceSha: sourceHead.sha, targetSha: targetHead.sha, mergeCommitSha: merge.sha, actionAuthorId: owner.id, actionAt: at, updateAt: at };
    const moved = { ...depot, lastPushAt: at };
    this.store.putRows(project, DEPOTS, [moved], []);
    this.store.putRows(project, COMMITS, [...joined, merge], []);
    this.store.putRows(project, MERGE_REQUESTS, [next], [this.mergeRequestEvent('GIT_MR_MERGED', project, moved, next), this.pushed(project, moved, prev.targetBranch, targetHead.sha, [merge])]);
    return merge.sha;
  }

  /** Starts a build of a job (RUNNING); returns its Id. */
  runBuild(projectName: string, jobId: number, fields: BuildFields = {}): number {
    const project = this.store.requireProject(projectName);
    const job = this.job(project, jobId);
    const depot = this.depot(project, job.depotId);
    const branch = fields.Branch ?? depot.defaultBranch;
    const builds = [...project.rows(CI_BUILDS).values()];
    const all = this.store.projects().flatMap((p) => [...p.rows(CI_BUILDS).values()]);
    const at = this.now();
    const commit = head(this.commitsOf(project, depot), branch);
    const id = Math.max(0, ...all.map((b) => b.id)) + 1;
    const row: CiBuildRow = {
      id,
      jobId,
      number: Math.max(0, ...builds.filter((b) => b.jobId === jobId).map((b) => b.number)) + 1,
      status: 'RUNNING',
      branch,
      commitSha: commit?.sha ?? '',
      cause: '手动触发',
      durationMs: 0,
      createdAt: at,
      startedAt: at,
      testResult: undefined,
      failedMessage: '',
      env: [...job.env, { name: 'GIT_COMMIT', value: commit?.sha ?? '', sensitive: false }, { name: 'SIGNING_KEY', value: `sig-${sha(`signing:${id}`).slice(0, 32)}`, sensitive: true }],
    };
    this.store.putRows(project, CI_BUILDS, [row], [this.buildEvent('CI_JOB_STARTED', project, job, row)]);
    return id;
  }

  /** Finishes a build under way. */
  finishBuild(projectName: string, buildId: number, outcome: BuildOutcome = {}): void {
    const project = this.store.requireProject(projectName);
    const prev = project.rows(CI_BUILDS).get(buildId);
    if (!prev) throw new SimulatorNotFoundError(`no build ${buildId} in project ${projectName}`);
    if (!(UNFINISHED_BUILD_STATUSES as readonly string[]).includes(prev.status)) throw new SimulatorInputError(`build ${buildId} already finished (${prev.status})`);
    const status: BuildStatus = outcome.Status ?? 'SUCCEED';
    if (!(FINAL_BUILD_STATUSES as readonly string[]).includes(status)) throw new SimulatorInputError(`Status must be one of ${FINAL_BUILD_STATUSES.join(', ')}`);
    const at = this.now();
    const startedAt = prev.startedAt || at;
    const fail = outcome.FailCount ?? (status === 'FAILED' ? 1 : 0);
    const next: CiBuildRow = {
      ...prev,
      status,
      startedAt,
      durationMs: Math.max(1, at - startedAt),
      testResult: { pass: outcome.PassCount ?? 100, fail, skip: outcome.SkipCount ?? 0 },
      failedMessage: status === 'FAILED' ? `测试阶段失败：${fail} 个用例未通过` : '',
    };
    this.store.putRows(project, CI_BUILDS, [next], [this.buildEvent('CI_JOB_FINISHED', project, this.job(project, prev.jobId), next)]);
  }

  // ---- lookups ----

  private depot(project: ProjectState, ref: number | string): DepotRow {
    const depots = [...project.rows(DEPOTS).values()];
    const depot = depots.find((d) => d.id === ref || d.name === ref);
    if (!depot) throw new SimulatorNotFoundError(`no depot ${JSON.stringify(ref)} in project ${project.record.name}`);
    if (depot.vcsType !== 'git') throw new SimulatorInputError(`depot ${depot.name} is not a Git depot`);
    return depot;
  }

  private commitsOf(project: ProjectState, depot: DepotRow): CommitRow[] {
    return [...project.rows(COMMITS).values()].filter((c) => c.depotId === depot.id);
  }

  private nextSeq(project: ProjectState): number {
    return Math.max(-1, ...[...project.rows(COMMITS).values()].map((c) => c.seq)) + 1;
  }

  private mergeRequest(project: ProjectState, id: number): MergeRequestRow {
    const row = project.rows(MERGE_REQUESTS).get(id);
    if (!row) throw new SimulatorNotFoundError(`no merge request ${id} in project ${project.record.name}`);
    return row;
  }

  private job(project: ProjectState, id: number): CiJobRow {
    const job = project.rows(CI_JOBS).get(id);
    if (!job) throw new SimulatorNotFoundError(`no CI job ${id} in project ${project.record.name}`);
    return job;
  }

  private reviewers(ids: readonly number[]): MergeRequestRow['reviewers'] {
    for (const id of ids) if (!this.store.user(id)) throw new SimulatorInputError(`unknown reviewer ${id}`);
    return ids.map((userId) => ({ userId, value: 0 }));
  }

  private labels(project: ProjectState, ids: readonly number[]): number[] {
    for (const id of ids) if (!project.rows(LABELS).has(id)) throw new SimulatorInputError(`unknown label ${id}`);
    return [...ids];
  }

  // ---- hook bodies (INFERRED shapes) ----

  private base(): string {
    return `https://${this.store.team.record.domain}.coding.net`;
  }

  private repository(project: ProjectState, depot: DepotRow): Record<string, unknown> {
    return { id: depot.id, name: depot.name, default_branch: depot.defaultBranch, web_url: `${this.base()}/p/${project.record.name}/d/${depot.name}/git`, project_id: project.record.id };
  }

  private pushed(project: ProjectState, depot: DepotRow, branch: string, before: string | undefined, commits: readonly CommitRow[]): StoreChange {
    const last = commits[commits.length - 1];
    const object = {
      ref: `refs/heads/${branch}`,
      before: before ?? NO_SHA,
      after: last?.sha ?? NO_SHA,
      commits: commits.map((c) => ({ id: c.sha, message: c.fullMessage, timestamp: c.commitDate, author: { name: c.authorName, email: c.authorEmail }, committer: { name: c.committerName, email: c.committerEmail } })),
      repository: this.repository(project, depot),
    };
    return { kind: 'hook', event: 'GIT_PUSHED', project, object };
  }

  private mergeRequestEvent(event: string, project: ProjectState, depot: DepotRow, m: MergeRequestRow): StoreChange {
    const mergeRequest = {
      id: m.id,
      merge_id: m.mergeId,
      title: m.title,
      body: m.describe,
      status: m.status,
      source_branch: m.sourceBranch,
      target_branch: m.targetBranch,
      merge_commit_sha: m.mergeCommitSha,
      html_url: `${this.base()}/p/${project.record.name}/d/${depot.name}/git/merge/${m.mergeId}`,
      author: { id: m.authorId, name: this.store.user(m.authorId)?.name ?? '' },
      created_at: m.createdAt,
      updated_at: m.updateAt,
    };
    return { kind: 'hook', event, project, object: { mergeRequest, repository: this.repository(project, depot) } };
  }

  private buildEvent(event: string, project: ProjectState, job: CiJobRow, b: CiBuildRow): StoreChange {
    return {
      kind: 'hook',
      event,
      project,
      object: {
        job: { id: job.id, name: job.name, depot_id: job.depotId },
        build: { id: b.id, job_id: b.jobId, number: b.number, status: b.status, branch: b.branch, commit_id: b.commitSha, created_at: b.createdAt, duration: b.durationMs },
      },
    };
  }
}

/** The newest commit on a branch (the highest creation order), or undefined when the branch does not exist. */
function head(commits: readonly CommitRow[], branch: string): CommitRow | undefined {
  let found: CommitRow | undefined;
  for (const c of commits) if (c.refs.includes(branch) && (!found || c.seq > found.seq)) found = c;
  return found;
}

function sha(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
