import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { int, list } from '../declarative/params.js';
import { ApiError } from '../envelope.js';
import { ISSUE_STATUS_CHANGES } from '../tables/issue-status-changes.js';
import type { IssueStatusLog } from '../types.js';
import { issueStatusView, requireIssue } from './issue-children.js';

/** How many issues one request may name: unstated by Coding (INFERRED), the simulator's choice. */
export const MAX_STATUS_LOG_CODES = 100;

/** The status histories of several issues of a project in one answer, each issue's oldest first. */
export const DescribeIssueStatusChangeLogList = defineListAction({
  name: 'DescribeIssueStatusChangeLogList',
  scope: 'collaboration:issue:ro',
  rate: 10000,
  project: projectByName(),
  table: ISSUE_STATUS_CHANGES,
  params: { IssueCode: list(int()).required() },
  filters: {
    IssueCode: (codes, _, { project }) => {
      if (codes.length > MAX_STATUS_LOG_CODES) {
        throw new ApiError('InvalidParameterValue', `The parameter IssueCode names ${codes.length} issues; at most ${MAX_STATUS_LOG_CODES} are allowed.`);
      }
      for (const code of codes) requireIssue(project, code);
      const wanted = new Set(codes);
      return (s) => wanted.has(s.issueCode);
    },
  },
  example: { IssueCode: [1, 2, 3] },
  view: (s, { store }): IssueStatusLog => {
    const status = store.status(s.statusId);
    return { IssueCode: s.issueCode, StatusId: s.statusId, StatusName: status?.name ?? '', CreatedAt: s.createdAt, IssueStatus: issueStatusView(store, status) };
  },
  paging: noPaging(),
  answer: listAt(['Logs', 'List']),
});
