/** Every OpenAPI action the simulator answers. Adding an action: declare it in its own file, list it here. */
import type { DeclaredAction } from '../declarative/action.js';
import type { AnyTable } from '../declarative/table.js';
import { DescribeCodingCIBuilds } from './describe-coding-ci-builds.js';
import { DescribeCodingCIJobs } from './describe-coding-ci-jobs.js';
import { DescribeCodingCurrentUser } from './describe-coding-current-user.js';
import { DescribeCodingProjects } from './describe-coding-projects.js';
import { DescribeIssue } from './describe-issue.js';
import { DescribeIssueListWithPage } from './describe-issue-list-with-page.js';
import { DescribeIssueModuleList } from './describe-issue-module-list.js';
import { DescribeIteration } from './describe-iteration.js';
import { DescribeIterationList } from './describe-iteration-list.js';
import { DescribeGitCommitsInPage } from './describe-git-commits-in-page.js';
import { DescribeGitReleases } from './describe-git-releases.js';
import { DescribeProjectByName } from './describe-project-by-name.js';
import { DescribeProjectDepotInfoList } from './describe-project-depot-info-list.js';
import { DescribeProjectMembers } from './describe-project-members.js';
import { DescribeProjectMergeRequests } from './describe-project-merge-requests.js';
import { DescribeTeamIssueTypeList } from './describe-team-issue-type-list.js';
import { DescribeTeamMembers } from './describe-team-members.js';
import { DescribeUserProjects } from './describe-user-projects.js';
import { DescribeAllProjectLabels } from './describe-all-project-labels.js';
import { DescribeAllProjectsIssueWorkLogList } from './describe-all-projects-issue-work-log-list.js';
import { DescribeBlockIssueList } from './describe-block-issue-list.js';
import { DescribeBlockedByIssueList } from './describe-blocked-by-issue-list.js';
import { DescribeIssueCommentList } from './describe-issue-comment-list.js';
import { DescribeIssueStatusChangeLogList } from './describe-issue-status-change-log-list.js';
import { DescribeIssueWorkLogList } from './describe-issue-work-log-list.js';
import { DescribeProjectIssueFieldList } from './describe-project-issue-field-list.js';
import { DescribeProjectIssueStatusList } from './describe-project-issue-status-list.js';
import { DescribeProjectIssueTypeList } from './describe-project-issue-type-list.js';

export const ACTIONS = [
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
  DescribeIssueModuleList,
  DescribeIssueCommentList,
  DescribeIssueWorkLogList,
  DescribeAllProjectsIssueWorkLogList,
  DescribeIssueStatusChangeLogList,
  DescribeBlockedByIssueList,
  DescribeBlockIssueList,
  DescribeProjectIssueTypeList,
  DescribeProjectIssueFieldList,
  DescribeProjectIssueStatusList,
  DescribeAllProjectLabels,
  DescribeProjectDepotInfoList,
  DescribeProjectMergeRequests,
  DescribeGitCommitsInPage,
  DescribeGitReleases,
  DescribeCodingCIJobs,
  DescribeCodingCIBuilds,
] as const;

type Registered = (typeof ACTIONS)[number];

/** The name of an action the simulator answers. */
export type ActionName = Registered['name'];

/** What `Simulator.list(action)` returns: every item (a list action) or the object (a single-object action). */
export type ActionOutput<A extends ActionName> = Extract<Registered, { name: A }> extends DeclaredAction<A, infer O> ? O : never;

/** One item of an action's answer. */
export type ActionItem<A extends ActionName> = ActionOutput<A> extends ReadonlyArray<infer I> ? I : ActionOutput<A>;

const BY_NAME: ReadonlyMap<string, DeclaredAction> = new Map(ACTIONS.map((a): [string, DeclaredAction] => [a.name, a]));
if (BY_NAME.size !== ACTIONS.length) throw new Error('two actions share a name');

export function findAction(name: string): DeclaredAction | undefined {
  return BY_NAME.get(name);
}

/** Every table some action reads. */
export function actionTables(): AnyTable[] {
  return ACTIONS.flatMap((a) => a.tables);
}
