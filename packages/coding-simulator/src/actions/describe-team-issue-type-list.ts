import { defineListAction, teamWide } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { ISSUE_TYPES } from '../tables/legacy-tables.js';

/** The team's issue types, system and custom. */
export const DescribeTeamIssueTypeList = defineListAction({
  name: 'DescribeTeamIssueTypeList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: teamWide(),
  table: ISSUE_TYPES,
  params: {},
  view: (t) => ({ Id: t.id, Name: t.name, IssueType: t.issueType, Description: t.description, IsSystem: t.isSystem }),
  paging: noPaging(),
  answer: listAt(['IssueTypes']),
});
