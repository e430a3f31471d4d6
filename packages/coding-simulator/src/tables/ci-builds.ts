/**
 * Builds of every CI job (reference §3, DescribeCodingCIBuilds), in every status, with test results.
 * The newest builds of the first jobs are still under way (RUNNING, QUEUED, WAITING_CONFIRM); two
 * builds of one job were created in the same millisecond. Builds carry the job's environment
 * variables and one of their own, sensitive.
 */
import { DATASET_FACTS } from '../dataset.js';
import { projectTable } from '../declarative/table.js';
import { CI_JOBS, secretValue, type EnvVariable } from './ci-jobs.js';
import { COMMITS } from './commits.js';

export const FINAL_BUILD_STATUSES = ['SUCCEED', 'FAILED', 'ABORTED', 'TIMEOUT', 'NOT_BUILT'] as const;
export const UNFINISHED_BUILD_STATUSES = ['QUEUED', 'INITIALIZING', 'RUNNING', 'WAITING_CONFIRM'] as const;
export type BuildStatus = (typeof FINAL_BUILD_STATUSES)[number] | (typeof UNFINISHED_BUILD_STATUSES)[number];

export interface TestResult {
  pass: number;
  fail: number;
  skip: number;
}

export interface CiBuildRow {
  /** Unique in the team. */
  id: number;
  jobId: number;
  /** 1, 2, 3... in each job. */
  number: number;
  status: BuildStatus;
  branch: string;
  commitSha: string;
  cause: string;
  /** 0 until it finishes. */
  durationMs: number;
  createdAt: number;
  /** 0 while queued. */
  startedAt: number;
  /** Absent until tests ran. */
  testResult: TestResult | undefined;
  failedMessage: string;
  env: readonly EnvVariable[];
}

const MINUTE_MS = 60_000;

export const CI_BUILDS = projectTable<CiBuildRow, number>({
  name: 'ci-builds',
  key: (b) => b.id,
  uses: [CI_JOBS, COMMITS],
  generate: ({ rng, index, sibling }) => {
    const commits = sibling(COMMITS);
    const rows: CiBuildRow[] = [];
    let id = 8_800_000 + index * 10_000;
    const unfinishedNewest: Array<BuildStatus | undefined> = ['RUNNING', 'QUEUED', 'WAITING_CONFIRM'];
    sibling(CI_JOBS).forEach((job, jobIndex) => {
      const trunk = commits.filter((c) => c.depotId === job.depotId);
      const count = rng.int(9, 13);
      const start = job.createdAt + MINUTE_MS;
      const end = DATASET_FACTS.rangeEnd - 60 * MINUTE_MS;
      const times = Array.from({ length: count }, () => start + Math.floor(rng.next() * (end - start))).sort((a, b) => a - b);
      // Two builds triggered in the same millisecond (a push and a merge request at once).
      times[2] = times[1] as number;
      times[count - 1] = Math.max(times[count - 2] as number, end - rng.int(0, 30) * MINUTE_MS);
      for (let n = 0; n < count; n++) {
        const createdAt = times[n] as number;
        const newest = n === count - 1;
        const status: BuildStatus =
          newest && unfinishedNewest[jobIndex] ? (unfinishedNewest[jobIndex] as BuildStatus)
          : jobIndex === 0 && n < FINAL_BUILD_STATUSES.length ? FINAL_BUILD_STATUSES[n] as BuildStatus
          : rng.weighted([['SUCCEED', 6], ['FAILED', 2], ['ABORTED', 1], ['TIMEOUT', 1], ['NOT_BUILT', 1]] as const);
        const finished = (FINAL_BUILD_STATUSES as readonly string[]).includes(status);
        const started = status !== 'QUEUED' && status !== 'NOT_BUILT';
        const tested = finished && status !== 'NOT_BUILT' && status !== 'ABORTED';
        const total = rng.int(80, 240);
        const fail = status === 'FAILED' ? rng.int(1, 6) : 0;
        const skip = rng.int(0, 5);
        const commit = [...trunk].reverse().find((c) => c.commitDate <= createdAt) ?? trunk[0];
        rows.push({
          id: ++id,
          jobId: job.id,
          number: n + 1,
          status,
          branch: job.branchSelector === '.*' ? (commit?.refs[0] ?? 'master') : job.branchSelector,
          commitSha: commit?.sha ?? '',
          cause: job.triggerMethods.includes('MANUAL') ? '手动触发' : rng.pick(['代码推送触发', '合并请求触发']),
          durationMs: finished && started ? rng.int(40, 1800) * 1000 : 0,
          createdAt,
          startedAt: started ? createdAt + rng.int(1, 90) * 1000 : 0,
          testResult: tested ? { pass: total - fail - skip, fail, skip } : undefined,
          failedMessage: status === 'FAILED' ? `测试阶段失败：${fail} 个用例未通过` : status === 'TIMEOUT' ? '构建超时' : '',
          env: [...job.env, { name: 'GIT_COMMIT', value: commit?.sha ?? '', sensitive: false }, { name: 'SIGNING_KEY', value: secretValue(rng, 'sig-'), sensitive: true }],
        });
      }
    });
    return rows;
  },
});
