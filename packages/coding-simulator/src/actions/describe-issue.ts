import { defineObjectAction, projectByName } from '../declarative/action.js';
import { objectAt } from '../declarative/answer.js';
import { int } from '../declarative/params.js';
import { ISSUES } from '../tables/legacy-tables.js';

/** One issue in its detail form (reference §3.2). */
export const DescribeIssue = defineObjectAction({
  name: 'DescribeIssue',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ISSUES,
  params: { IssueCode: int().required() },
  find: ({ IssueCode }) => IssueCode,
  notFound: ({ IssueCode }, { project }) => `The issue ${IssueCode} does not exist in project ${project.record.name}.`,
  example: { IssueCode: 1 },
  view: (issue, { views, project }) => views.issueDetail(project, issue),
  answer: objectAt('Issue'),
});
