import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueCommentsRecord } from '../generated/records.js';
import { issues } from './issues.js';

/** Comments of the issues that changed since the last sync (adding a comment updates its issue). */
export const issueComments = defineStream<IssueCommentsRecord>({
  name: 'issue_comments',
  schemaFile: 'issue_comments.json',
  description:
    'Comments on issues, one record per comment with the IssueCode of its issue. Incremental by following the issues that changed (a new comment updates its issue); a comment edited later without the issue moving is seen only in webhook mode or by a full refresh.',
  partitions: 'project',
  children: {
    of: issues,
    action: 'DescribeIssueCommentList',
    shape: wholeListShape('CommentList'),
    params: (partition, [issue]) => ({ ProjectName: partition.project?.name, IssueCode: issue?.Code, ShowFileId: true }),
    fromParent: (issue) => ({ IssueCode: Number(issue.Code) }),
    changedAt: ['UpdatedAt', 'CreatedAt'],
    cursorField: 'UpdatedAt',
  },
  idField: 'CommentId',
  keyFields: ['IssueCode', 'CommentId'],
  webhook: {
    objectKey: 'issueComment',
    idKey: 'code',
    // The comment event's body nests its issue; where exactly is INFERRED, so every plausible place is read.
    idPaths: [['issueComment', 'issue', 'code'], ['issueComment', 'issue_code'], ['issueComment', 'issueCode'], ['issue', 'code']],
    upserts: ['ISSUE_COMMENT_CREATED'],
    deletes: [],
    // Comment events Coding may add (an edit, a deletion) re-read the issue's comments too.
    family: 'ISSUE_COMMENT_',
  },
});
