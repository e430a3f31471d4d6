/**
 * CI jobs (build plans) of each project (reference §3, DescribeCodingCIJobs): one per depot with
 * history, plus a deployment job. Each carries environment variables, plain ones and ones marked
 * Sensitive, whose values a client must never pass on.
 */
import { projectTable } from '../declarative/table.js';
import type { Prng } from '../prng.js';
import { DAY_MS } from '../shanghai-time.js';
import { DEPOTS, withHistory } from './depots.js';
import { PROJECT_MEMBERS } from './legacy-tables.js';

export interface EnvVariable {
  name: string;
  value: string;
  sensitive: boolean;
}

export interface CiJobRow {
  /** Unique in the team. */
  id: number;
  name: string;
  depotId: number;
  depotName: string;
  triggerMethods: readonly string[];
  branchSelector: string;
  creatorId: number;
  env: readonly EnvVariable[];
  jenkinsFile: string;
  createdAt: number;
  updatedAt: number;
}

/** A secret-looking value: what a leak check searches the connector's output for. */
export function secretValue(rng: Prng, prefix: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return `${prefix}${hex}`;
}

const PIPELINE = `pipeline {
  agent any
  stages {
    stage('检出') { steps { checkout scm } }
    stage('构建') { steps { sh 'npm ci && npm run build' } }
    stage('测试') { steps { sh 'npm test' } }
  }
}`;

export const CI_JOBS = projectTable<CiJobRow, number>({
  name: 'ci-jobs',
  key: (j) => j.id,
  uses: [DEPOTS, PROJECT_MEMBERS],
  generate: ({ rng, index, sibling }) => {
    const members = sibling(PROJECT_MEMBERS).map((m) => m.userId);
    const depots = sibling(DEPOTS).filter(withHistory);
    const rows: CiJobRow[] = [];
    let id = 7_700_000 + index * 100;
    const plan = [...depots.map((d) => ({ depot: d, name: `构建 ${d.name}`, deploy: false })), ...depots.slice(0, 1).map((d) => ({ depot: d, name: `部署生产 🚀 ${d.name}`, deploy: true }))];
    for (const { depot, name, deploy } of plan) {
      const createdAt = depot.createdAt + rng.int(1, 10) * DAY_MS;
      rows.push({
        id: ++id,
        name,
        depotId: depot.id,
        depotName: depot.name,
        triggerMethods: deploy ? ['MANUAL'] : ['REF_CHANGE', 'MR_CHANGE'],
        branchSelector: deploy ? depot.defaultBranch : '.*',
        creatorId: rng.pick(members),
        env: [
          { name: 'NODE_ENV', value: deploy ? 'production' : 'test', sensitive: false },
          { name: 'REGION', value: 'ap-shanghai', sensitive: false },
          { name: 'DEPLOY_TOKEN', value: secretValue(rng, 'dpl_'), sensitive: true },
          { name: 'DB_PASSWORD', value: secretValue(rng, 'pw-'), sensitive: true },
        ],
        jenkinsFile: PIPELINE,
        createdAt,
        updatedAt: createdAt + rng.int(0, 30) * DAY_MS,
      });
    }
    return rows;
  },
});
