import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { int } from '../declarative/params.js';
import { ISSUE_WORK_LOGS } from '../tables/issue-work-logs.js';
import { requireIssue } from './issue-children.js';
import { workLogView } from './work-log-view.js';

/** The work logged on one issue, oldest first, all in one answer. */
export const DescribeIssueWorkLogList = defineListAction({
  name: 'DescribeIssueWorkLogList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ISSUE_WORK_LOGS,
  params: { IssueCode: int().required() },
  filters: {
    IssueCode: (code, _, { project }) => {
      requireIssue(project, code);
      return (w) => w.issueCode === code;
    },
  },
  example: { IssueCode: 1 },
  view: (w, { project }) => workLogView(project, w),
  paging: noPaging(),
  answer: listAt(['WorkLogs']),
});
