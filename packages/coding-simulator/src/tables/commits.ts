/**
 * Git commits of every depot with history, over several branches (reference §3,
 * DescribeGitCommitsInPage). Each history has a default branch; a feature branch merged back into it
 * by a merge commit (two parents), whose commits are therefore on both; and a feature branch still
 * open. Two commits of the default branch share one CommitDate, and the newest commit of a depot is
 * its LastPushAt. A branch exists when some commit is on it: an empty depot has none.
 */
import { projectTable, type ProjectSeedContext } from '../declarative/table.js';
import type { Prng } from '../prng.js';
import { PROJECT_MEMBERS, USERS } from './legacy-tables.js';
import { DEPOTS, withHistory, type DepotRow } from './depots.js';

export interface CommitRow {
  sha: string;
  depotId: number;
  /** Creation order in the project: parents before children; breaks ties of CommitDate. */
  seq: number;
  /** The branches the commit is reachable from. */
  refs: readonly string[];
  parents: readonly string[];
  shortMessage: string;
  fullMessage: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  commitDate: number;
  createdAt: number;
}

const MESSAGES = [
  'feat: 新增登录接口',
  'fix: 修复分页时漏数据的问题',
  'refactor: 拆分订单服务',
  'docs: 更新 README 🚀',
  'test: 补充支付回调测试',
  'chore: 升级依赖',
  'perf: 缓存热点查询',
  'fix: handle empty responses',
  'feat: export to CSV',
  'style: 统一代码格式',
];
const TOPICS = ['login', 'search', 'billing', 'i18n', 'cache', 'export', 'audit'];

export function randomSha(rng: Prng): string {
  let sha = '';
  for (let i = 0; i < 5; i++) sha += rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return sha;
}

export interface Person {
  name: string;
  email: string;
}

/** The project's members as commit authors. */
export function committers(ctx: ProjectSeedContext): Person[] {
  const users = new Map(ctx.team(USERS).map((u) => [u.id, u]));
  return ctx.sibling(PROJECT_MEMBERS).flatMap((m) => {
    const u = users.get(m.userId);
    return u ? [{ name: u.name, email: u.email }] : [];
  });
}

export const COMMITS = projectTable<CommitRow, string>({
  name: 'commits',
  key: (c) => c.sha,
  uses: [DEPOTS, PROJECT_MEMBERS, USERS],
  generate: (ctx) => {
    const people = committers(ctx);
    const rows: CommitRow[] = [];
    for (const depot of ctx.sibling(DEPOTS).filter(withHistory)) rows.push(...history(ctx.rng, depot, people, rows.length));
    return rows;
  },
});

function history(rng: Prng, depot: DepotRow, people: readonly Person[], firstSeq: number): CommitRow[] {
  const main = depot.defaultBranch;
  const count = rng.int(28, 36);
  const start = depot.createdAt + 3_600_000;
  const dates = Array.from({ length: count }, () => start + Math.floor(rng.next() * (depot.lastPushAt - start))).sort((a, b) => a - b);
  dates[count - 1] = depot.lastPushAt;
  // Two commits in the same millisecond (a scripted push).
  const tie = Math.floor(count / 3);
  dates[tie + 1] = dates[tie] as number;

  const [merged, open] = rng.sample(TOPICS, 2).map((topic) => `feature/${topic}`) as [string, string];
  const forkMerged = Math.floor(count * 0.4);
  const mergeAt = forkMerged + 6;
  const forkOpen = count - 8;
  let seq = firstSeq;
  const rows: CommitRow[] = [];
  const commit = (date: number, refs: string[], parents: string[], message?: string): CommitRow => {
    const author = rng.pick(people);
    const short = message ?? rng.pick(MESSAGES);
    const body = rng.chance(0.4) ? `\n\n${rng.pick(['详见需求文档。', 'Co-authored-by: 路人甲 <luren@example.com>', '关联事项 #12\n回归测试已通过'])}` : '';
    const row: CommitRow = {
      sha: randomSha(rng),
      depotId: depot.id,
      seq: seq++,
      refs,
      parents,
      shortMessage: short,
      fullMessage: short + body,
      authorName: author.name,
      authorEmail: author.email,
      committerName: author.name,
      committerEmail: author.email,
      commitDate: date,
      createdAt: date,
    };
    rows.push(row);
    return row;
  };

  const trunk: CommitRow[] = [];
  for (let i = 0; i < count; i++) {
    const refs = [main, ...(i <= forkMerged ? [merged] : []), ...(i <= forkOpen ? [open] : [])];
    const previous = trunk[i - 1];
    if (i === mergeAt) {
      // The merged branch's commits lie between its fork and the merge, interleaved with the trunk's.
      const from = (trunk[forkMerged] as CommitRow).commitDate;
      const to = dates[i] as number;
      let parent = trunk[forkMerged] as CommitRow;
      const side = Array.from({ length: rng.int(3, 5) }, () => from + 1 + Math.floor(rng.next() * (to - from - 1))).sort((a, b) => a - b);
      for (const date of side) parent = commit(date, [merged, main], [parent.sha]);
      trunk.push(commit(dates[i] as number, refs, [(previous as CommitRow).sha, parent.sha], `Merge branch '${merged}' into ${main}`));
      continue;
    }
    trunk.push(commit(dates[i] as number, refs, previous ? [previous.sha] : []));
  }
  // The open branch was pushed to before the depot's last push.
  let parent = trunk[forkOpen] as CommitRow;
  const openDates = Array.from({ length: rng.int(2, 4) }, () => parent.commitDate + 1 + Math.floor(rng.next() * (depot.lastPushAt - parent.commitDate - 1))).sort((a, b) => a - b);
  for (const date of openDates) parent = commit(date, [open], [parent.sha]);
  return rows;
}
