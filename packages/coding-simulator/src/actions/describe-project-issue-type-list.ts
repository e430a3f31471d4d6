import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { PROJECT_ISSUE_TYPES } from '../tables/project-issue-types.js';
import type { ProjectIssueType } from '../types.js';

/** The issue types a project uses, system and custom. */
export const DescribeProjectIssueTypeList = defineListAction({
  name: 'DescribeProjectIssueTypeList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: PROJECT_ISSUE_TYPES,
  params: {},
  view: (row, { store }): ProjectIssueType => {
    const t = store.issueType(row.issueTypeId);
    return {
      Id: row.issueTypeId,
      Name: t?.name ?? '',
      IssueType: t?.issueType ?? '',
      Description: t?.description ?? '',
      IsSystem: t?.isSystem ?? false,
      SplitType: row.splitType,
      SplitTargetIssueTypeId: [...row.splitTargetIssueTypeIds],
    };
  },
  paging: noPaging(),
  answer: listAt(['IssueTypes']),
});
