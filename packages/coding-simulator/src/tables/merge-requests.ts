/**
 * Merge requests of the depots with history, in every status, with reviewers and labels (reference
 * §3, DescribeProjectMergeRequests). The feature branch the commits table merged has its ACCEPTED
 * merge request (MergeCommitSha is that merge commit), the open branch its open one; older ones came
 * from branches deleted since. Three share one UpdateAt, and two sit on either side of the
 * `DATASET_FACTS.boundaryDay` midnight, as the issues do.
 */
import { DATASET_FACTS } from '../dataset.js';
import { projectTable } from '../declarative/table.js';
import { DAY_MS, shanghaiTime } from '../shanghai-time.js';
import { COMMITS, randomSha, type CommitRow } from './commits.js';
import { DEPOTS, withHistory } from './depots.js';
import { LABELS, PROJECT_MEMBERS } from './legacy-tables.js';

export const MERGE_REQUEST_STATUSES = ['CANMERGE', 'CANNOTMERGE', 'ACCEPTED', 'REFUSED', 'CANCEL'] as const;
export type MergeRequestStatus = (typeof MERGE_REQUEST_STATUSES)[number];
/** Open merge requests; the others are closed (merged, refused or cancelled). */
export const OPEN_STATUSES: readonly MergeRequestStatus[] = ['CANMERGE', 'CANNOTMERGE'];

export interface ReviewerRow {
  userId: number;
  /** 100 approved, 0 not yet, -100 refused. */
  value: number;
}

export interface MergeRequestRow {
  /** Unique in the team. */
  id: number;
  /** Unique in its depot (the number in its URL). */
  mergeId: number;
  depotId: number;
  title: string;
  describe: string;
  status: MergeRequestStatus;
  sourceBranch: string;
  sourceSha: string;
  targetBranch: string;
  targetSha: string;
  baseSha: string;
  mergeCommitSha: string;
  authorId: number;
  /** Who merged, refused or cancelled it; 0 while open. */
  actionAuthorId: number;
  actionAt: number;
  reviewers: readonly ReviewerRow[];
  labelIds: readonly number[];
  commentCount: number;
  createdAt: number;
  updateAt: number;
}

/** UpdateAt shared by three merge requests of every project (a bulk relabel). */
export const MERGE_REQUEST_BULK_AT = shanghaiTime(2024, 3, 12, 16, 45);

const TITLES = ['新增用户画像接口', '修复导出乱码', '重构权限校验', 'Upgrade to Node 20', '优化首页加载 ⚡', '补充单元测试', '接入支付回调', '调整日志级别'];

export const MERGE_REQUESTS = projectTable<MergeRequestRow, number>({
  name: 'merge-requests',
  key: (m) => m.id,
  uses: [DEPOTS, COMMITS, PROJECT_MEMBERS, LABELS],
  generate: ({ rng, index, sibling }) => {
    const members = sibling(PROJECT_MEMBERS).map((m) => m.userId);
    const labels = sibling(LABELS).map((l) => l.id);
    const commits = sibling(COMMITS);
    const rows: MergeRequestRow[] = [];
    let id = 9_100_000 + index * 1000;
    for (const depot of sibling(DEPOTS).filter(withHistory)) {
      const mine = commits.filter((c) => c.depotId === depot.id);
      const main = depot.defaultBranch;
      // The commits made on a branch (its first ref), oldest first.
      const madeOn = (ref: string): CommitRow[] => mine.filter((c) => c.refs[0] === ref);
      const mergeCommit = mine.find((c) => c.parents.length > 1);
      const mergedBranch = mine.find((c) => c.sha === mergeCommit?.parents[1])?.refs[0];
      const openBranch = mine.find((c) => !c.refs.includes(main))?.refs[0];
      const drafts: Array<Omit<MergeRequestRow, 'id' | 'mergeId'>> = [];
      const count = rng.int(10, 13);
      for (let n = 0; n < count; n++) {
        // Every status in every depot, then at random.
        const status = n < MERGE_REQUEST_STATUSES.length ? (MERGE_REQUEST_STATUSES[n] as MergeRequestStatus) : rng.pick(MERGE_REQUEST_STATUSES);
        const createdAt = depot.createdAt + DAY_MS + Math.floor(rng.next() * (DATASET_FACTS.rangeEnd - depot.createdAt - 30 * DAY_MS));
        const updateAt = createdAt + rng.int(60, 20 * 24 * 60) * 60_000;
        const closed = !OPEN_STATUSES.includes(status);
        const [author, ...others] = rng.sample(members, 4) as [number, ...number[]];
        drafts.push({
          depotId: depot.id,
          title: rng.pick(TITLES),
          describe: rng.chance(0.7) ? '## 背景\n\n详见关联事项。\n\n- [x] 自测通过' : '',
          status,
          sourceBranch: `topic/${depot.id % 100}-${n + 1}`,
          sourceSha: randomSha(rng),
          targetBranch: main,
          targetSha: randomSha(rng),
          baseSha: randomSha(rng),
          mergeCommitSha: status === 'ACCEPTED' ? randomSha(rng) : '',
          authorId: author,
          // A one-member project: its author closes their own merge requests.
          actionAuthorId: closed ? (others.length > 0 ? rng.pick(others) : author) : 0,
          actionAt: closed ? updateAt : 0,
          reviewers: others.slice(0, rng.int(0, 3)).map((userId) => ({ userId, value: status === 'ACCEPTED' ? 100 : rng.pick([100, 0, -100]) })),
          labelIds: rng.sample(labels, rng.int(0, 2)),
          commentCount: rng.int(0, 9),
          createdAt,
          updateAt,
        });
      }
      // The branches the commits table made: one merged into the default branch, one still open.
      const merged = drafts.find((d) => d.status === 'ACCEPTED');
      if (merged && mergeCommit && mergedBranch) {
        const side = madeOn(mergedBranch);
        Object.assign(merged, {
          sourceBranch: mergedBranch,
          sourceSha: (side[side.length - 1] ?? mergeCommit).sha,
          targetSha: mergeCommit.parents[0] ?? mergeCommit.sha,
          mergeCommitSha: mergeCommit.sha,
          createdAt: Math.min(merged.createdAt, (side[0] ?? mergeCommit).commitDate),
          updateAt: mergeCommit.commitDate,
          actionAt: mergeCommit.commitDate,
        });
      }
      const open = drafts.find((d) => d.status === 'CANMERGE');
      if (open && openBranch) {
        const side = madeOn(openBranch);
        Object.assign(open, { sourceBranch: openBranch, sourceSha: (side[side.length - 1] as CommitRow).sha });
      }
      drafts.sort((a, b) => a.createdAt - b.createdAt);
      drafts.forEach((draft, n) => rows.push({ ...draft, id: ++id, mergeId: n + 1 }));
    }
    // Ties and the day boundary, on merge requests whose creation allows it.
    const early = rows.filter((m) => m.createdAt < MERGE_REQUEST_BULK_AT && m.status !== 'ACCEPTED').slice(0, 3);
    for (const m of early) Object.assign(m, { updateAt: MERGE_REQUEST_BULK_AT, actionAt: m.actionAt === 0 ? 0 : MERGE_REQUEST_BULK_AT });
    const late = rows.filter((m) => m.createdAt < DATASET_FACTS.lastMsBeforeBoundary && m.status !== 'ACCEPTED' && !early.includes(m));
    const [before, after] = [late[late.length - 1], late[late.length - 2]];
    if (before) Object.assign(before, { updateAt: DATASET_FACTS.lastMsBeforeBoundary, actionAt: before.actionAt === 0 ? 0 : DATASET_FACTS.lastMsBeforeBoundary });
    if (after) Object.assign(after, { updateAt: DATASET_FACTS.dayStartAt, actionAt: after.actionAt === 0 ? 0 : DATASET_FACTS.dayStartAt });
    return rows;
  },
});
