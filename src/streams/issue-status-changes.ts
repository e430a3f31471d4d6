import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueStatusChangesRecord } from '../generated/records.js';
import { issues } from './issues.js';

/**
 * How many issues one DescribeIssueStatusChangeLogList call names. Coding states no limit (INFERRED):
 * a refusal halves it for the rest of the read.
 */
const ISSUES_PER_CALL = 50;

/** Status histories of the issues that changed since the last sync, several issues per call. */
export const issueStatusChanges = defineStream<IssueStatusChangesRecord>({
  name: 'issue_status_changes',
  schemaFile: 'issue_status_changes.json',
  description:
    'Status histories: one record per status an issue entered, with when (CreatedAt), for cycle and lead times. Incremental by following the issues that changed (a status change updates its issue).',
  partitions: 'project',
  children: {
    of: issues,
    action: 'DescribeIssueStatusChangeLogList',
    shape: wholeListShape('Logs', 'List'),
    params: (partition, batch) => ({ ProjectName: partition.project?.name, IssueCode: batch.map((issue) => issue.Code) }),
    batch: { size: ISSUES_PER_CALL, parentOf: (entry) => entry.IssueCode },
    fromParent: (issue) => ({ IssueCode: Number(issue.Code) }),
    changedAt: ['CreatedAt'],
    cursorField: 'CreatedAt',
  },
  idField: 'StatusId',
  keyFields: ['IssueCode', 'StatusId', 'CreatedAt'],
});
