import type { ProjectState } from '../store.js';
import type { WorkLogRow } from '../tables/issue-work-logs.js';
import type { IssueWorkLog } from '../types.js';

/** A work-log entry as both work-log actions list it. */
export function workLogView(project: ProjectState, w: WorkLogRow): IssueWorkLog {
  return {
    Id: w.id,
    IssueId: project.issues.get(w.issueCode)?.id ?? 0,
    IssueCode: w.issueCode,
    ProjectName: project.record.name,
    UserId: w.userId,
    RecordHours: w.recordHours,
    RemainingHours: w.remainingHours,
    StartAt: w.startAt,
    WorkingDesc: w.description,
    CreatedAt: w.createdAt,
    UpdatedAt: w.updatedAt,
  };
}
