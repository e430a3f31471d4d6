import { pageNumberShape, type Item } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { CiBuildsRecord } from '../generated/records.js';
import { ciJobs } from './ci-jobs.js';
import { withoutSensitiveValues } from './sensitive-variables.js';

/** Statuses of a build that is over (INFERRED from Coding's CI: these and no others). */
const FINAL = new Set(['SUCCEED', 'SUCCESS', 'FAILED', 'FAILURE', 'ABORTED', 'CANCELED', 'CANCELLED', 'TIMEOUT', 'NOT_BUILT', 'SKIPPED']);
/** Statuses of a build still under way. */
const UNDER_WAY = new Set(['QUEUED', 'PENDING', 'WAITING', 'INITIALIZING', 'RUNNING', 'WAITING_CONFIRM', 'PAUSED']);

/**
 * Whether a build may still change. A status neither list knows counts as unfinished unless the build
 * reports a duration, so that a build whose status is new to us is read again rather than frozen.
 */
export function unfinishedBuild(build: Item): boolean {
  const status = typeof build.Status === 'string' ? build.Status.toUpperCase() : '';
  if (FINAL.has(status)) return false;
  if (UNDER_WAY.has(status)) return true;
  return !(typeof build.Duration === 'number' && build.Duration > 0);
}

/** Builds of every CI job, newest first; a running build is emitted again once it finished. */
export const ciBuilds = defineStream<CiBuildsRecord>({
  name: 'ci_builds',
  schemaFile: 'ci_builds.json',
  description:
    'Builds of every CI job with status, duration and test results; the value of a sensitive variable is never emitted (null). Incremental by CreatedAt per job: a sync stops paging at the builds it already emitted, and a build still running is emitted again once it finished.',
  partitions: { per: ciJobs, key: (job) => String(job.Id) },
  list: {
    action: 'DescribeCodingCIBuilds',
    shape: pageNumberShape('BuildList'),
    pageSize: 100,
    params: (partition) => ({ JobId: partition.parent?.Id }),
  },
  idField: 'Id',
  extraFields: (partition) => ({ JobName: typeof partition.parent?.Name === 'string' ? partition.parent.Name : null }),
  cursor: {
    field: 'CreatedAt',
    order: 'newest-first',
    // DescribeCodingCIBuilds has no time filter: paging stops at the builds already emitted.
    since: () => ({}),
    floor: (settings) => settings.startDate,
    unfinished: unfinishedBuild,
  },
  prepare: async () => withoutSensitiveValues,
});
