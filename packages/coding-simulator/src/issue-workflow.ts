/**
 * Changes to what hangs off an issue — comments, logged work, status, blockers, custom-field values —
 * made the way Coding makes them: each one updates the issue (its UpdatedAt moves to the moment of
 * the change) and sends the Service Hook event Coding sends for it. Status histories and children
 * follow every issue change, whoever makes it (a PATCH of the issue's status, a delete).
 */
import { SimulatorInputError } from './control-errors.js';
import type { IssueRecord } from './model.js';
import type { ProjectState, Store, StoreChange } from './store.js';
import { ISSUE_BLOCKERS, blockerKey } from './tables/issue-blockers.js';
import { ISSUE_COMMENTS, commentIdBase, type CommentRow } from './tables/issue-comments.js';
import { ISSUE_FIELD_DEFINITIONS } from './tables/issue-field-definitions.js';
import { ISSUE_STATUS_CHANGES } from './tables/issue-status-changes.js';
import { ISSUE_WORK_LOGS, remainingOf, shanghaiDayStart, workLogIdBase, type WorkLogRow } from './tables/issue-work-logs.js';
import type { CommentFields, WorkLogFields } from './types.js';

export class IssueWorkflow {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Follows every issue change from now on. */
  attach(): void {
    this.store.subscribe((change) => this.follow(change));
  }

  addComment(project: ProjectState, code: number, fields: Partial<CommentFields> = {}): CommentRow {
    const issue = this.store.requireIssue(project, code);
    const comments = project.rows(ISSUE_COMMENTS);
    const creatorId = fields.CreatorId ?? this.store.owner.id;
    if (!this.store.user(creatorId)) throw new SimulatorInputError(`unknown CreatorId ${creatorId}`);
    const parentId = fields.ParentId ?? 0;
    if (parentId !== 0 && comments.get(parentId)?.issueCode !== code) throw new SimulatorInputError(`comment ${parentId} is not a comment of issue ${code}`);
    const at = this.momentAfter(issue);
    const comment: CommentRow = {
      id: nextId([...comments.keys()], commentIdBase(this.indexOf(project))),
      issueCode: code,
      parentId,
      creatorId,
      rawContent: fields.Content ?? '新的评论 💬',
      createdAt: at,
      updatedAt: at,
      fileIds: [],
    };
    comments.put(comment);
    project.version++;
    this.store.updateIssue(project, code, { UpdatedAt: at }, { event: 'ISSUE_COMMENT_CREATED', detail: { kind: 'comment', comment } });
    return comment;
  }

  addWorkLog(project: ProjectState, code: number, fields: Partial<WorkLogFields> = {}): WorkLogRow {
    const issue = this.store.requireIssue(project, code);
    const logs = project.rows(ISSUE_WORK_LOGS);
    const recordHours = fields.RecordHours ?? 2;
    if (!(recordHours > 0)) throw new SimulatorInputError('RecordHours must be a positive number');
    const userId = fields.UserId ?? this.store.owner.id;
    if (!this.store.user(userId)) throw new SimulatorInputError(`unknown UserId ${userId}`);
    const spent = [...logs.values()].filter((w) => w.issueCode === code).reduce((sum, w) => sum + w.recordHours, 0);
    const at = this.momentAfter(issue);
    const workLog: WorkLogRow = {
      id: nextId([...logs.keys()], workLogIdBase(this.indexOf(project))),
      issueCode: code,
      userId,
      recordHours,
      remainingHours: remainingOf(issue.workingHours, spent + recordHours),
      startAt: fields.StartAt ?? shanghaiDayStart(at),
      description: fields.WorkingDesc ?? '登记工时 ⏱️',
      createdAt: at,
      updatedAt: at,
    };
    logs.put(workLog);
    project.version++;
    this.store.updateIssue(project, code, { UpdatedAt: at }, { event: 'ISSUE_HOUR_RECORD_UPDATED', detail: { kind: 'workLog', workLog } });
    return workLog;
  }

  /** Moves the issue to a status; its history gains the entry (see follow). */
  changeStatus(project: ProjectState, code: number, statusId: number): IssueRecord {
    const issue = this.store.requireIssue(project, code);
    if (issue.statusId === statusId) throw new SimulatorInputError(`issue ${code} is already in status ${statusId}`);
    return this.store.updateIssue(project, code, { IssueStatusId: statusId });
  }

  /** Records that `blockerCode` blocks issue `code`: the blocked issue is updated. */
  addBlocker(project: ProjectState, code: number, blockerCode: number): IssueRecord {
    const issue = this.store.requireIssue(project, code);
    this.store.requireIssue(project, blockerCode);
    if (blockerCode === code) throw new SimulatorInputError('an issue cannot block itself');
    const row = { blockedCode: code, blockerCode };
    const blockers = project.rows(ISSUE_BLOCKERS);
    if (blockers.has(blockerKey(row))) throw new SimulatorInputError(`issue ${blockerCode} already blocks issue ${code}`);
    blockers.put(row);
    project.version++;
    return this.store.updateIssue(project, code, { UpdatedAt: this.momentAfter(issue) }, { event: 'ISSUE_RELATIONSHIP_CHANGED' });
  }

  /** Sets (or, with null, clears) one custom-field value of an issue, as its ValueString. */
  setCustomField(project: ProjectState, code: number, fieldId: number, valueString: string | null): IssueRecord {
    const issue = this.store.requireIssue(project, code);
    const field = this.store.team.rows(ISSUE_FIELD_DEFINITIONS).get(fieldId);
    if (!field || field.type !== 'CUSTOM') throw new SimulatorInputError(`no custom field ${fieldId}`);
    const others = issue.customFields.filter(([id]) => id !== fieldId);
    const customFields = valueString === null ? others : [...others, [fieldId, valueString] as const].sort((a, b) => a[0] - b[0]);
    return this.store.updateIssue(project, code, { UpdatedAt: this.momentAfter(issue) }, { customFields });
  }

  private follow(change: StoreChange): void {
    if (change.kind !== 'issue') return;
    const { project, issue } = change;
    if (change.event === 'ISSUE_DELETED') {
      this.dropChildren(project, issue.code);
      return;
    }
    const history = project.rows(ISSUE_STATUS_CHANGES);
    let last: { statusId: number; id: number } | undefined;
    let maxId = 0;
    for (const entry of history.values()) {
      maxId = Math.max(maxId, entry.id);
      if (entry.issueCode === issue.code) last = entry;
    }
    if (last?.statusId === issue.statusId) return;
    const at = change.event === 'ISSUE_CREATED' ? issue.createdAt : issue.updatedAt;
    history.put({ id: maxId + 1, issueCode: issue.code, statusId: issue.statusId, createdAt: at });
    project.version++;
  }

  private dropChildren(project: ProjectState, code: number): void {
    const comments = project.rows(ISSUE_COMMENTS);
    for (const c of [...comments.values()]) if (c.issueCode === code) comments.delete(c.id);
    const logs = project.rows(ISSUE_WORK_LOGS);
    for (const w of [...logs.values()]) if (w.issueCode === code) logs.delete(w.id);
    const history = project.rows(ISSUE_STATUS_CHANGES);
    for (const s of [...history.values()]) if (s.issueCode === code) history.delete(s.id);
    const blockers = project.rows(ISSUE_BLOCKERS);
    for (const b of [...blockers.values()]) if (b.blockedCode === code || b.blockerCode === code) blockers.delete(blockerKey(b));
    project.version++;
  }

  /** The moment of a change to the issue: now, and always after its last update. */
  private momentAfter(issue: IssueRecord): number {
    return Math.max(this.now(), issue.updatedAt + 1);
  }

  private indexOf(project: ProjectState): number {
    return this.store.projects().indexOf(project);
  }
}

function nextId(ids: readonly number[], base: number): number {
  return ids.length === 0 ? base + 1 : Math.max(...ids) + 1;
}
