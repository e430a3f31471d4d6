import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { bool, int } from '../declarative/params.js';
import { ISSUE_COMMENTS, renderComment, type CommentRow } from '../tables/issue-comments.js';
import type { IssueComment } from '../types.js';
import { requireIssue } from './issue-children.js';

/** The comments of one issue, oldest first, all in one answer (coding-openapi-streams.md §1). */
export const DescribeIssueCommentList = defineListAction({
  name: 'DescribeIssueCommentList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ISSUE_COMMENTS,
  params: { IssueCode: int().required(), ShowFileId: bool().default(false) },
  filters: {
    IssueCode: (code, _, { project }) => {
      requireIssue(project, code);
      return (c) => c.issueCode === code;
    },
  },
  example: { IssueCode: 1 },
  view: (c, _, { ShowFileId }) => commentView(c, ShowFileId),
  paging: noPaging(),
  answer: listAt(['CommentList']),
});

export function commentView(c: CommentRow, showFileId: boolean): IssueComment {
  return {
    CommentId: c.id,
    ParentId: c.parentId,
    CreatorId: c.creatorId,
    RawContent: c.rawContent,
    Content: renderComment(c.rawContent),
    CreatedAt: c.createdAt,
    UpdatedAt: c.updatedAt,
    FileId: showFileId ? [...c.fileIds] : [],
  };
}
