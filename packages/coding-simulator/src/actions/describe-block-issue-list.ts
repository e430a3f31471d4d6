import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { int } from '../declarative/params.js';
import { ISSUE_BLOCKERS } from '../tables/issue-blockers.js';
import { relatedIssueView, requireIssue } from './issue-children.js';

/** The issues one issue blocks (its 阻塞 list): DescribeBlockedByIssueList read the other way. */
export const DescribeBlockIssueList = defineListAction({
  name: 'DescribeBlockIssueList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ISSUE_BLOCKERS,
  params: { IssueCode: int().required() },
  filters: {
    IssueCode: (code, _, { project }) => {
      requireIssue(project, code);
      return (b) => b.blockerCode === code;
    },
  },
  example: { IssueCode: 2 },
  view: (b, { views, store, project }) => relatedIssueView(views, store, project, b.blockedCode),
  paging: noPaging(),
  answer: listAt(['Issues']),
});
