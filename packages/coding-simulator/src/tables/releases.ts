/**
 * Releases of the depots with history (reference §3, DescribeGitReleases): tags on commits of the
 * default branch, a pre-release and a draft among them.
 */
import { projectTable } from '../declarative/table.js';
import { COMMITS } from './commits.js';
import { DEPOTS, withHistory } from './depots.js';
import { PROJECT_MEMBERS } from './legacy-tables.js';

export interface ReleaseRow {
  /** Unique in the team. */
  id: number;
  depotId: number;
  tagName: string;
  title: string;
  body: string;
  commitSha: string;
  targetBranch: string;
  pre: boolean;
  /** RELEASED, or DRAFT (not published yet). */
  status: 'RELEASED' | 'DRAFT';
  creatorId: number;
  createdAt: number;
  updatedAt: number;
}

const HOUR_MS = 3_600_000;

export const RELEASES = projectTable<ReleaseRow, number>({
  name: 'releases',
  key: (r) => r.id,
  uses: [DEPOTS, COMMITS, PROJECT_MEMBERS],
  generate: ({ rng, index, sibling }) => {
    const members = sibling(PROJECT_MEMBERS).map((m) => m.userId);
    const commits = sibling(COMMITS);
    const rows: ReleaseRow[] = [];
    let id = 6_600_000 + index * 1000;
    for (const depot of sibling(DEPOTS).filter(withHistory)) {
      const trunk = commits.filter((c) => c.depotId === depot.id && c.refs[0] === depot.defaultBranch);
      const count = rng.int(3, 4);
      for (let n = 0; n < count; n++) {
        const commit = trunk[Math.floor(((n + 1) * trunk.length) / (count + 1))] ?? trunk[trunk.length - 1];
        if (!commit) break;
        const last = n === count - 1;
        const tagName = last ? `v1.${n}.0-rc.1` : `v1.${n}.0`;
        const createdAt = commit.commitDate + rng.int(1, 48) * HOUR_MS;
        rows.push({
          id: ++id,
          depotId: depot.id,
          tagName,
          title: last ? `${tagName} 预发布` : `${tagName} 正式版 🎉`,
          body: `## 更新内容\n\n- ${rng.pick(['新增导出', '修复登录', '性能优化'])}\n- ${rng.pick(['升级依赖', '完善文档'])}`,
          commitSha: commit.sha,
          targetBranch: depot.defaultBranch,
          pre: last,
          status: last && rng.chance(0.5) ? 'DRAFT' : 'RELEASED',
          creatorId: rng.pick(members),
          createdAt,
          updatedAt: createdAt + rng.int(0, 5) * HOUR_MS,
        });
      }
    }
    return rows;
  },
});
