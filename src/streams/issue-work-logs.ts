import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueWorkLogsRecord } from '../generated/records.js';
import { issues } from './issues.js';

/**
 * Work logged on the issues that changed since the last sync, one call per changed issue. The
 * team-wide DescribeAllProjectsIssueWorkLogList would read a first sync in far fewer requests, but it
 * cannot tell what changed and its paging and filters are INFERRED (see docs/sources/coding.md).
 */
export const issueWorkLogs = defineStream<IssueWorkLogsRecord>({
  name: 'issue_work_logs',
  schemaFile: 'issue_work_logs.json',
  description:
    'Time logged on issues (登记工时), one record per work-log entry. Incremental by following the issues that changed (logging work updates its issue).',
  partitions: 'project',
  children: {
    of: issues,
    action: 'DescribeIssueWorkLogList',
    shape: wholeListShape('WorkLogs'),
    params: (partition, [issue]) => ({ ProjectName: partition.project?.name, IssueCode: issue?.Code }),
    fromParent: (issue) => ({ IssueCode: Number(issue.Code) }),
    changedAt: ['UpdatedAt', 'CreatedAt'],
    cursorField: 'UpdatedAt',
  },
  idField: 'Id',
  keyFields: ['IssueCode', 'Id'],
  webhook: {
    objectKey: 'issue',
    idKey: 'code',
    upserts: ['ISSUE_HOUR_RECORD_UPDATED'],
    deletes: [],
  },
});
