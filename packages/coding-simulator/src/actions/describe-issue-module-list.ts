import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { MODULES } from '../tables/legacy-tables.js';

/** A project's issue modules (ProjectModule in the issue detail), all in one answer. */
export const DescribeIssueModuleList = defineListAction({
  name: 'DescribeIssueModuleList',
  scope: 'collaboration:issue:ro',
  rate: 10000,
  project: projectByName(),
  table: MODULES,
  params: {},
  view: (m) => ({ Id: m.id, Name: m.name }),
  paging: noPaging(),
  answer: listAt(['IssueModules']),
});
