/**
 * A project's code repositories (reference §3, DescribeProjectDepotInfoList). Every project has two
 * Git depots with history (one on `master`, one on `main`), an empty Git depot (no branch yet), and an
 * SVN depot; which branches exist is told by the commits (a branch is a ref some commit is on). The first project also has a depot the token's user may not read (`locked`), so that a
 * client can be seen skipping it.
 */
import { DATASET_FACTS } from '../dataset.js';
import { projectTable } from '../declarative/table.js';
import { DAY_MS } from '../shanghai-time.js';

export interface DepotRow {
  /** Unique in the team. */
  id: number;
  name: string;
  description: string;
  vcsType: 'git' | 'svn';
  defaultBranch: string;
  isShared: boolean;
  /** The token's user cannot read it: its commits and releases answer "Permission denied". */
  locked: boolean;
  createdAt: number;
  /** 0 until the first push. */
  lastPushAt: number;
}

const KINDS = [
  { suffix: 'backend', description: '后端服务', vcsType: 'git', defaultBranch: 'master', history: true },
  { suffix: 'web', description: 'Web 前端 🌐', vcsType: 'git', defaultBranch: 'main', history: true },
  { suffix: 'sandbox', description: '新建的空仓库', vcsType: 'git', defaultBranch: 'master', history: false },
  { suffix: 'legacy-svn', description: '历史 SVN 仓库', vcsType: 'svn', defaultBranch: 'trunk', history: false },
] as const;

/** Depots whose history the commit, merge-request, release and CI tables are generated for. */
export function withHistory(depot: DepotRow): boolean {
  return depot.vcsType === 'git' && depot.lastPushAt > 0 && !depot.locked;
}

export const DEPOTS = projectTable<DepotRow, number>({
  name: 'depots',
  key: (d) => d.id,
  generate: ({ rng, project, index }) => {
    const base = 5_300_000 + index * 100;
    const depots: DepotRow[] = KINDS.map((kind, n) => ({
      id: base + n + 1,
      name: `${project.name}-${kind.suffix}`,
      description: kind.description,
      vcsType: kind.vcsType,
      defaultBranch: kind.defaultBranch,
      isShared: n === 1,
      locked: false,
      createdAt: DATASET_FACTS.rangeStart + rng.int(0, 20) * DAY_MS + rng.int(0, 86_399) * 1000,
      // The commits generator ends each history here; SVN and empty depots were never pushed to.
      lastPushAt: kind.history ? DATASET_FACTS.rangeEnd - rng.int(1, 30) * DAY_MS - rng.int(0, 86_399) * 1000 : 0,
    }));
    if (index === 0) {
      depots.push({
        id: base + KINDS.length + 1,
        name: `${project.name}-vault`,
        description: '密钥仓库（仅限运维）',
        vcsType: 'git',
        defaultBranch: 'master',
        isShared: false,
        locked: true,
        createdAt: DATASET_FACTS.rangeStart + rng.int(0, 20) * DAY_MS,
        lastPushAt: DATASET_FACTS.rangeStart + 90 * DAY_MS,
      });
    }
    return depots;
  },
});
