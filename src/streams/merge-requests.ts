import { codingDay } from '../coding/conditions.js';
import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { MergeRequestsRecord } from '../generated/records.js';

/** Every merge request of each project, in every status, incremental by its update time. */
export const mergeRequests = defineStream<MergeRequestsRecord>({
  name: 'merge_requests',
  schemaFile: 'merge_requests.json',
  description:
    'Merge requests of each project (every depot, every status) with reviewers and labels. Incremental by UpdateAt, with the same no-loss guarantee as issues; in webhook mode GIT_MR_* events tell which projects to read.',
  partitions: 'project',
  list: {
    action: 'DescribeProjectMergeRequests',
    shape: pageNumberShape('List', { total: ['TotalRow'] }),
    // The largest page Coding accepts is INFERRED (100); its default is 10.
    pageSize: 100,
    params: (partition) => ({ ProjectId: partition.project?.id, Status: 'all' }),
  },
  idField: 'Id',
  cursor: {
    field: 'UpdateAt',
    // Sort action_at is the update time; the date filter has whole UTC+8 days, like the issue list's.
    since: (fromMs) => ({ Sort: 'action_at', IsSortDirectionAsc: true, UpdatedAtStartDate: codingDay(Math.max(0, fromMs)) }),
    floor: (settings) => settings.startDate,
  },
  webhook: {
    reads: 'partitions',
    family: 'GIT_MR_',
    upserts: ['GIT_MR_CREATED', 'GIT_MR_UPDATED', 'GIT_MR_MERGED', 'GIT_MR_CLOSED'],
    deletes: [],
  },
});
