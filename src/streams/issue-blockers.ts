import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueBlockersRecord } from '../generated/records.js';
import { issues } from './issues.js';

/**
 * What blocks the issues that changed since the last sync. A blocker relation has no time of its
 * own: each changed issue's current set is emitted (adding a blocker updates the blocked issue); a
 * removed blocker is not seen (no record says it is gone).
 */
export const issueBlockers = defineStream<IssueBlockersRecord>({
  name: 'issue_blockers',
  schemaFile: 'issue_blockers.json',
  description:
    'Which issues block which (IssueCode waits for BlockerCode), with the blocker’s fields. Incremental by following the issues that changed: the current blockers of each changed issue; a removed blocker is not seen by polling.',
  partitions: 'project',
  children: {
    of: issues,
    action: 'DescribeBlockedByIssueList',
    shape: wholeListShape('Issues'),
    params: (partition, [issue]) => ({ ProjectName: partition.project?.name, IssueCode: issue?.Code }),
    fromParent: (issue, blocker) => ({ IssueCode: Number(issue.Code), BlockerCode: Number(blocker.Code), IssueUpdatedAt: typeof issue.UpdatedAt === 'number' ? issue.UpdatedAt : null }),
    cursorField: 'IssueUpdatedAt',
  },
  idField: 'BlockerCode',
  keyFields: ['IssueCode', 'BlockerCode'],
});
