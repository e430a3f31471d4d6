import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { int } from '../declarative/params.js';
import { ISSUE_BLOCKERS } from '../tables/issue-blockers.js';
import { relatedIssueView, requireIssue } from './issue-children.js';

/** The issues that block one issue (its 被阻塞 list), in their current state. */
export const DescribeBlockedByIssueList = defineListAction({
  name: 'DescribeBlockedByIssueList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ISSUE_BLOCKERS,
  params: { IssueCode: int().required() },
  filters: {
    IssueCode: (code, _, { project }) => {
      requireIssue(project, code);
      return (b) => b.blockedCode === code;
    },
  },
  example: { IssueCode: 1 },
  view: (b, { views, store, project }) => relatedIssueView(views, store, project, b.blockerCode),
  paging: noPaging(),
  answer: listAt(['Issues']),
});
