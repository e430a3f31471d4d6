import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { oneOf } from '../declarative/params.js';
import { ISSUE_CATEGORIES } from '../tables/project-issue-fields.js';
import { PROJECT_ISSUE_STATUSES } from '../tables/project-issue-statuses.js';
import type { ProjectIssueStatus } from '../types.js';
import { issueStatusView } from './issue-children.js';

/** The workflow (statuses in order, the default first) a project uses for one IssueType. */
export const DescribeProjectIssueStatusList = defineListAction({
  name: 'DescribeProjectIssueStatusList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: PROJECT_ISSUE_STATUSES,
  params: { IssueType: oneOf(ISSUE_CATEGORIES).required() },
  filters: { IssueType: (type) => (row) => row.issueType === type },
  example: { IssueType: 'DEFECT' },
  view: (row, { store }): ProjectIssueStatus => ({
    IssueStatusId: row.statusId,
    IssueType: row.issueType,
    IsDefault: row.isDefault,
    Sort: row.sort,
    IssueStatus: issueStatusView(store, store.status(row.statusId)),
  }),
  paging: noPaging(),
  answer: listAt(['ProjectIssueStatusList']),
});
