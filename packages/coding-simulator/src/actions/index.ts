/** Every OpenAPI action the simulator answers, by its exact Action name. */
import type { ActionDefinition } from './action.js';
import { DescribeIssue, DescribeIssueListWithPage, DescribeTeamIssueTypeList } from './issues.js';
import { DescribeIteration, DescribeIterationList } from './iterations.js';
import { DescribeCodingProjects, DescribeProjectByName, DescribeProjectMembers, DescribeUserProjects } from './projects.js';
import { DescribeCodingCurrentUser, DescribeTeamMembers } from './users.js';

export type { ActionContext, ActionDefinition } from './action.js';

export const ACTIONS: Readonly<Record<string, ActionDefinition>> = {
  DescribeCodingCurrentUser,
  DescribeCodingProjects,
  DescribeUserProjects,
  DescribeProjectByName,
  DescribeProjectMembers,
  DescribeTeamMembers,
  DescribeIssueListWithPage,
  DescribeIssue,
  DescribeTeamIssueTypeList,
  DescribeIterationList,
  DescribeIteration,
};
