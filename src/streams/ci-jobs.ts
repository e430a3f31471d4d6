import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { CiJobsRecord } from '../generated/records.js';
import { withoutSensitiveValues } from './sensitive-variables.js';

/** Also the listing ci_builds is read per item of (one partition per job). */
export const ciJobs = defineStream<CiJobsRecord>({
  name: 'ci_jobs',
  schemaFile: 'ci_jobs.json',
  description: 'CI jobs (build plans) of each project, with their triggers and environment variables; the value of a sensitive variable is never emitted (null). Full refresh.',
  partitions: 'project',
  list: {
    action: 'DescribeCodingCIJobs',
    shape: wholeListShape('JobList'),
    pageSize: 0,
    params: (partition) => ({ ProjectId: partition.project?.id }),
  },
  idField: 'Id',
  prepare: async () => withoutSensitiveValues,
});
