/** What the actions listing an issue's children (comments, work logs, statuses, blockers) share. */
import { ApiError } from '../envelope.js';
import type { IssueStatusRecord } from '../model.js';
import type { IssueStatusInfo, RelatedIssue } from '../types.js';
import type { ProjectState, Store } from '../store.js';
import type { Views } from '../views.js';

/** The children of an issue that does not exist (any more) are ResourceNotFound, as DescribeIssue answers. */
export function requireIssue(project: ProjectState, code: number): void {
  if (!project.issues.has(code)) throw new ApiError('ResourceNotFound', `The issue ${code} does not exist in project ${project.record.name}.`);
}

/** The `IssueStatus` object of status lists and status logs. The first three statuses are the system ones. */
export function issueStatusView(store: Store, status: IssueStatusRecord | undefined): IssueStatusInfo {
  if (!status) return { Id: 0, Name: '', Type: '', Index: 0, IsSystem: false, Description: '' };
  const index = [...store.team.statuses.keys()].indexOf(status.id);
  return { Id: status.id, Name: status.name, Type: status.type, Index: index + 1, IsSystem: index < 3, Description: '' };
}

/** An issue as DescribeBlockIssueList / DescribeBlockedByIssueList list it. */
export function relatedIssueView(views: Views, store: Store, project: ProjectState, code: number): RelatedIssue {
  const issue = project.issues.get(code);
  const status = issue ? store.status(issue.statusId) : undefined;
  const assignee = views.user(issue?.assigneeId ?? 0);
  return {
    Code: code,
    Name: issue?.name ?? '',
    Type: issue?.type ?? '',
    IssueStatusId: issue?.statusId ?? 0,
    IssueStatusName: status?.name ?? '',
    IssueStatusType: status?.type ?? '',
    Priority: issue?.priority ?? '',
    Assignee: { Id: assignee.Id, Name: assignee.Name, Email: assignee.Email },
  };
}
