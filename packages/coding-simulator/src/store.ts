/**
 * The rows behind every answer, and the only place they change. Mutations replace rows (never
 * edit them in place), bump the scope's version so values derived from the rows are recomputed,
 * and tell subscribers what changed so Service Hook deliveries can be built from the row as it
 * was at that moment.
 */
import { SimulatorInputError, SimulatorNotFoundError } from './control-errors.js';
import type { SeededTables } from './declarative/seed.js';
import type { AnyTable, TableDef, TableScopeState } from './declarative/table.js';
import {
  UNSET_ITERATION_TIME,
  type Dataset,
  type IssueRecord,
  type IssueStatusRecord,
  type IssueTypeRecord,
  type IterationRecord,
  type MembershipRecord,
  type UserRecord,
} from './model.js';
import { ProjectState, TeamState } from './scopes.js';
import { ISSUES, ITERATIONS, PROJECT_MEMBERS, USERS } from './tables/legacy-tables.js';
import type { CommentRow } from './tables/issue-comments.js';
import type { WorkLogRow } from './tables/issue-work-logs.js';
import type { IssueFields, IssueType, IterationFields, MemberFields, RoleType } from './types.js';

export { ProjectState, TeamState } from './scopes.js';

export type IssueEvent =
  | 'ISSUE_CREATED'
  | 'ISSUE_UPDATED'
  | 'ISSUE_STATUS_UPDATED'
  | 'ISSUE_DELETED'
  | 'ISSUE_COMMENT_CREATED'
  | 'ISSUE_HOUR_RECORD_UPDATED'
  | 'ISSUE_RELATIONSHIP_CHANGED';

/** What else changed with an issue, for the Service Hook payload of its event. */
export type IssueChangeDetail = { kind: 'comment'; comment: CommentRow } | { kind: 'workLog'; workLog: WorkLogRow };

/** Why an issue is updated, when it is not a plain edit: the event Coding sends, and its detail. */
export interface IssueUpdateOptions {
  event?: IssueEvent;
  detail?: IssueChangeDetail;
  /** Replaces the issue's custom-field values ([field id, ValueString]). */
  customFields?: ReadonlyArray<readonly [number, string]>;
}
export type IterationEvent = 'ITERATION_CREATED' | 'ITERATION_UPDATED' | 'ITERATION_DELETED';
export type MemberEvent = 'MEMBER_CREATED' | 'MEMBER_ROLE_UPDATED' | 'MEMBER_DELETED';

export type StoreChange =
  | { kind: 'issue'; event: IssueEvent; project: ProjectState; issue: IssueRecord; detail?: IssueChangeDetail }
  | { kind: 'iteration'; event: IterationEvent; project: ProjectState; iteration: IterationRecord }
  | { kind: 'member'; event: MemberEvent; project: ProjectState; user: UserRecord }
  /** A change of a table without mutations here: its hook body's object keys, built when it happened. */
  | { kind: 'hook'; event: string; project: ProjectState; object: Record<string, unknown> };

const VALID_TYPES: readonly IssueType[] = ['EPIC', 'REQUIREMENT', 'DEFECT', 'MISSION', 'SUB_TASK'];
const PARENT_TYPES: readonly IssueType[] = ['REQUIREMENT', 'DEFECT', 'MISSION'];
const ROLE_TYPES: readonly RoleType[] = [
  'UserDefined', 'ProjectAdmin', 'ProjectMember', 'ProjectGuest', 'ProjectManager', 'ProductManager', 'ProjectOperation',
];

export class Store {
  readonly team: TeamState;
  private readonly byName = new Map<string, ProjectState>();
  private readonly byId = new Map<number, ProjectState>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private nextIssueId: number;
  private nextIterationId: number;

  /** `legacy` gives what the first tables were seeded with beside rows: the team and the next free ids. */
  constructor(seeded: SeededTables, legacy: Dataset, private readonly now: () => number) {
    this.team = new TeamState(legacy.teamData.team);
    for (const [table, rows] of seeded.team) this.team.hold(table, rows);
    this.nextIssueId = legacy.nextIssueId;
    this.nextIterationId = legacy.nextIterationId;
    for (const { record, tables } of seeded.projects) {
      const state = new ProjectState(record);
      for (const [table, rows] of tables) state.hold(table, rows);
      state.nextIssueCode = state.issues.size + 1;
      state.nextIterationCode = state.iterations.size + 1;
      for (const i of state.issues.values()) if (i.parentCode !== 0) linkSubTask(state, i.parentCode, i.code);
      this.byName.set(record.name, state);
      this.byId.set(record.id, state);
    }
  }

  // ---- reads ----

  /** The user who owns the simulator's tokens and is the sender of control mutations. */
  get owner(): UserRecord {
    const owner = this.team.users.values().next().value;
    if (!owner) throw new Error('the team has no users');
    return owner;
  }

  /** In the order they were created. */
  projects(): ProjectState[] {
    return [...this.byName.values()];
  }

  findProject(name: string): ProjectState | undefined {
    return this.byName.get(name);
  }

  findProjectById(id: number): ProjectState | undefined {
    return this.byId.get(id);
  }

  requireProject(name: string): ProjectState {
    const p = this.byName.get(name);
    if (!p) throw new SimulatorNotFoundError(`no project named ${JSON.stringify(name)}`);
    return p;
  }

  requireIssue(project: ProjectState, code: number): IssueRecord {
    const i = project.issues.get(code);
    if (!i) throw new SimulatorNotFoundError(`no issue ${code} in project ${project.record.name}`);
    return i;
  }

  requireIteration(project: ProjectState, code: number): IterationRecord {
    const i = project.iterations.get(code);
    if (!i) throw new SimulatorNotFoundError(`no iteration ${code} in project ${project.record.name}`);
    return i;
  }

  user(id: number): UserRecord | undefined {
    return this.team.users.get(id);
  }

  issueType(id: number): IssueTypeRecord | undefined {
    return this.team.issueTypes.get(id);
  }

  status(id: number): IssueStatusRecord | undefined {
    return this.team.statuses.get(id);
  }

  /** The scope a table's rows live in: the team's, or the given project's. */
  scopeOf(table: AnyTable, project: ProjectState | undefined): TableScopeState {
    if (table.scope === 'team') return this.team;
    if (!project) throw new Error(`the project table ${table.name} needs a project`);
    return project;
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- issue mutations ----

  createIssue(project: ProjectState, fields: Partial<IssueFields> = {}): IssueRecord {
    const type = fields.Type ?? 'MISSION';
    const code = project.nextIssueCode;
    const createdAt = fields.CreatedAt ?? this.now();
    const statusId = fields.IssueStatusId ?? this.firstStatusOf(fields.IssueStatusType ?? 'TODO').id;
    const draft: IssueRecord = {
      id: this.nextIssueId,
      code,
      type,
      issueTypeId: fields.IssueTypeId ?? this.systemTypeId(type),
      name: fields.Name ?? `新建事项 #${code}`,
      description: fields.Description ?? '',
      statusId,
      priority: fields.Priority ?? '1',
      assigneeId: fields.AssigneeId ?? 0,
      creatorId: fields.CreatorId ?? this.owner.id,
      watcherIds: fields.WatcherIds ? [...fields.WatcherIds] : [],
      labelIds: fields.LabelIds ? [...fields.LabelIds] : [],
      iterationCode: fields.IterationCode ?? 0,
      parentCode: fields.ParentCode ?? 0,
      epicCode: fields.EpicCode ?? 0,
      moduleId: 0,
      requirementTypeId: 0,
      defectTypeId: 0,
      startDate: fields.StartDate ?? 0,
      dueDate: fields.DueDate ?? 0,
      completedAt: 0,
      createdAt,
      updatedAt: fields.UpdatedAt ?? createdAt,
      storyPoint: fields.StoryPoint ?? '',
      workingHours: fields.WorkingHours ?? 0,
      customFields: [],
      files: [],
      thirdLinks: [],
    };
    draft.completedAt = fields.CompletedAt ?? (this.statusType(statusId) === 'COMPLETED' ? draft.updatedAt : 0);
    this.validateIssue(project, draft);
    this.nextIssueId++;
    project.nextIssueCode++;
    project.rows(ISSUES).put(draft);
    if (draft.parentCode !== 0) linkSubTask(project, draft.parentCode, code);
    this.changed(project, { kind: 'issue', event: 'ISSUE_CREATED', project, issue: draft });
    return draft;
  }

  updateIssue(project: ProjectState, code: number, patch: Partial<IssueFields> = {}, options: IssueUpdateOptions = {}): IssueRecord {
    const prev = this.requireIssue(project, code);
    if (patch.CreatedAt !== undefined && patch.CreatedAt !== prev.createdAt) {
      throw new SimulatorInputError('CreatedAt cannot change after creation');
    }
    const type = patch.Type ?? prev.type;
    const statusId =
      patch.IssueStatusId ??
      (patch.IssueStatusType && patch.IssueStatusType !== this.statusType(prev.statusId)
        ? this.firstStatusOf(patch.IssueStatusType).id
        : prev.statusId);
    const updatedAt = patch.UpdatedAt ?? Math.max(this.now(), prev.updatedAt + 1);
    const wasCompleted = this.statusType(prev.statusId) === 'COMPLETED';
    const isCompleted = this.statusType(statusId) === 'COMPLETED';
    const next: IssueRecord = {
      ...prev,
      type,
      issueTypeId: patch.IssueTypeId ?? (type === prev.type ? prev.issueTypeId : this.systemTypeId(type)),
      name: patch.Name ?? prev.name,
      description: patch.Description ?? prev.description,
      statusId,
      priority: patch.Priority ?? prev.priority,
      assigneeId: patch.AssigneeId ?? prev.assigneeId,
      creatorId: patch.CreatorId ?? prev.creatorId,
      watcherIds: patch.WatcherIds ? [...patch.WatcherIds] : prev.watcherIds,
      labelIds: patch.LabelIds ? [...patch.LabelIds] : prev.labelIds,
      iterationCode: patch.IterationCode ?? prev.iterationCode,
      // Changing the type away from SUB_TASK / REQUIREMENT drops the link that no longer applies.
      parentCode: patch.ParentCode ?? (type === 'SUB_TASK' ? prev.parentCode : 0),
      epicCode: patch.EpicCode ?? (type === 'REQUIREMENT' ? prev.epicCode : 0),
      requirementTypeId: type === 'REQUIREMENT' ? prev.requirementTypeId : 0,
      defectTypeId: type === 'DEFECT' ? prev.defectTypeId : 0,
      startDate: patch.StartDate ?? prev.startDate,
      dueDate: patch.DueDate ?? prev.dueDate,
      completedAt: patch.CompletedAt ?? (isCompleted ? (wasCompleted ? prev.completedAt : updatedAt) : 0),
      updatedAt,
      storyPoint: patch.StoryPoint ?? prev.storyPoint,
      workingHours: patch.WorkingHours ?? prev.workingHours,
      customFields: options.customFields ?? prev.customFields,
    };
    this.validateIssue(project, next);
    if ((next.type === 'EPIC' || next.type === 'SUB_TASK') && (project.subTasks.get(code)?.size ?? 0) > 0) {
      throw new SimulatorInputError(`issue ${code} has sub-tasks, so it cannot become ${next.type}`);
    }
    if (prev.parentCode !== next.parentCode) {
      if (prev.parentCode !== 0) unlinkSubTask(project, prev.parentCode, code);
      if (next.parentCode !== 0) linkSubTask(project, next.parentCode, code);
    }
    project.rows(ISSUES).put(next);
    const event: IssueEvent = options.event ?? (next.statusId !== prev.statusId ? 'ISSUE_STATUS_UPDATED' : 'ISSUE_UPDATED');
    this.changed(project, { kind: 'issue', event, project, issue: next, ...(options.detail ? { detail: options.detail } : {}) });
    return next;
  }

  /** Deletes the issue and its sub-tasks; requirements of a deleted epic lose their epic. */
  deleteIssue(project: ProjectState, code: number): void {
    const issue = this.requireIssue(project, code);
    for (const child of [...(project.subTasks.get(code) ?? [])]) this.deleteIssue(project, child);
    if (issue.type === 'EPIC') {
      for (const other of [...project.issues.values()]) {
        if (other.epicCode === code) this.updateIssue(project, other.code, { EpicCode: 0 });
      }
    }
    project.rows(ISSUES).delete(code);
    project.subTasks.delete(code);
    if (issue.parentCode !== 0) unlinkSubTask(project, issue.parentCode, code);
    this.changed(project, { kind: 'issue', event: 'ISSUE_DELETED', project, issue });
  }

  // ---- iteration mutations ----

  createIteration(project: ProjectState, fields: Partial<IterationFields> = {}): IterationRecord {
    const code = project.nextIterationCode;
    const createdAt = fields.CreatedAt ?? this.now();
    const status = fields.Status ?? 'WAIT_PROCESS';
    const iteration: IterationRecord = {
      id: this.nextIterationId,
      code,
      name: fields.Name ?? `迭代 ${code}`,
      goal: fields.Goal ?? '',
      status,
      assigneeId: fields.Assignee ?? 0,
      creatorId: this.owner.id,
      starterId: status === 'WAIT_PROCESS' ? 0 : this.owner.id,
      completerId: status === 'COMPLETED' ? this.owner.id : 0,
      startAt: fields.StartAt ?? UNSET_ITERATION_TIME,
      endAt: fields.EndAt ?? UNSET_ITERATION_TIME,
      createdAt,
      updatedAt: fields.UpdatedAt ?? createdAt,
    };
    this.validateIteration(iteration);
    this.nextIterationId++;
    project.nextIterationCode++;
    project.rows(ITERATIONS).put(iteration);
    this.changed(project, { kind: 'iteration', event: 'ITERATION_CREATED', project, iteration });
    return iteration;
  }

  updateIteration(project: ProjectState, code: number, patch: Partial<IterationFields> = {}): IterationRecord {
    const prev = this.requireIteration(project, code);
    const status = patch.Status ?? prev.status;
    const next: IterationRecord = {
      ...prev,
      name: patch.Name ?? prev.name,
      goal: patch.Goal ?? prev.goal,
      status,
      assigneeId: patch.Assignee ?? prev.assigneeId,
      starterId: status !== 'WAIT_PROCESS' && prev.starterId === 0 ? this.owner.id : prev.starterId,
      completerId: status === 'COMPLETED' ? prev.completerId || this.owner.id : 0,
      startAt: patch.StartAt ?? prev.startAt,
      endAt: patch.EndAt ?? prev.endAt,
      updatedAt: patch.UpdatedAt ?? Math.max(this.now(), prev.updatedAt + 1),
    };
    this.validateIteration(next);
    project.rows(ITERATIONS).put(next);
    this.changed(project, { kind: 'iteration', event: 'ITERATION_UPDATED', project, iteration: next });
    return next;
  }

  /** Deletes the iteration; its issues leave it (and so count as updated). */
  deleteIteration(project: ProjectState, code: number): void {
    const iteration = this.requireIteration(project, code);
    for (const issue of [...project.issues.values()]) {
      if (issue.iterationCode === code) this.updateIssue(project, issue.code, { IterationCode: 0 });
    }
    project.rows(ITERATIONS).delete(code);
    this.changed(project, { kind: 'iteration', event: 'ITERATION_DELETED', project, iteration });
  }

  // ---- member mutations ----

  addMember(project: ProjectState, fields: Partial<MemberFields> = {}): MembershipRecord {
    const role = fields.RoleType ?? 'ProjectMember';
    this.validateRole(role);
    let user: UserRecord;
    if (fields.UserId !== undefined) {
      const existing = this.team.users.get(fields.UserId);
      if (!existing) throw new SimulatorInputError(`no team user with id ${fields.UserId}`);
      if (project.members.has(existing.id)) {
        throw new SimulatorInputError(`user ${existing.id} is already a member of ${project.record.name}`);
      }
      user = existing;
    } else {
      user = this.createTeamUser(fields.Name);
    }
    const membership: MembershipRecord = { userId: user.id, roles: [role] };
    project.rows(PROJECT_MEMBERS).put(membership);
    this.changed(project, { kind: 'member', event: 'MEMBER_CREATED', project, user });
    return membership;
  }

  updateMemberRole(project: ProjectState, userId: number, roleType: RoleType): MembershipRecord {
    this.validateRole(roleType);
    if (!project.members.has(userId)) throw new SimulatorNotFoundError(`user ${userId} is not a member of ${project.record.name}`);
    const membership: MembershipRecord = { userId, roles: [roleType] };
    project.rows(PROJECT_MEMBERS).put(membership);
    this.changed(project, { kind: 'member', event: 'MEMBER_ROLE_UPDATED', project, user: this.requireUser(userId) });
    return membership;
  }

  removeMember(project: ProjectState, userId: number): void {
    if (!project.members.has(userId)) {
      throw new SimulatorNotFoundError(`user ${userId} is not a member of ${project.record.name}`);
    }
    project.rows(PROJECT_MEMBERS).delete(userId);
    this.changed(project, { kind: 'member', event: 'MEMBER_DELETED', project, user: this.requireUser(userId) });
  }

  // ---- tables without mutations of their own (code-delivery.ts) ----

  /** Adds or replaces rows of a project table, then reports the changes, in order. */
  putRows<R>(project: ProjectState, table: TableDef<R, unknown, 'project'>, rows: readonly R[], changes: readonly StoreChange[]): void {
    const target = project.rows(table);
    for (const row of rows) target.put(row);
    project.version++;
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }

  // ---- helpers ----

  private changed(project: ProjectState, change: StoreChange): void {
    project.version++;
    for (const listener of this.listeners) listener(change);
  }

  private requireUser(id: number): UserRecord {
    const u = this.team.users.get(id);
    if (!u) throw new SimulatorNotFoundError(`no team user with id ${id}`);
    return u;
  }

  private createTeamUser(name: string | undefined): UserRecord {
    const users = [...this.team.users.values()];
    const id = Math.max(...users.map((u) => u.id)) + 1;
    const n = users.length + 1;
    const user: UserRecord = {
      id,
      name: name ?? `新成员${n}`,
      namePinyin: `xinchengyuan${n}`,
      globalKey: `member${n}`,
      email: `member${n}@${this.team.record.domain}.example.com`,
      phone: '',
      avatar: `https://coding-net-production-static.example.com/static/fruit_avatar/Fruit-${(n % 20) + 1}.png`,
      status: 1,
      emailValidation: 0,
      phoneValidation: 0,
    };
    this.team.rows(USERS).put(user);
    this.team.version++;
    return user;
  }

  private statusType(statusId: number): string | undefined {
    return this.team.statuses.get(statusId)?.type;
  }

  private firstStatusOf(type: string): IssueStatusRecord {
    const s = [...this.team.statuses.values()].find((x) => x.type === type);
    if (!s) throw new SimulatorInputError(`no issue status of type ${type}`);
    return s;
  }

  private systemTypeId(type: IssueType): number {
    const t = [...this.team.issueTypes.values()].find((x) => x.issueType === type && x.isSystem);
    if (!t) throw new SimulatorInputError(`unknown issue type ${JSON.stringify(type)}`);
    return t.id;
  }

  private validateRole(role: string): void {
    if (!ROLE_TYPES.includes(role as RoleType)) throw new SimulatorInputError(`unknown RoleType ${JSON.stringify(role)}`);
  }

  private validateIssue(project: ProjectState, i: IssueRecord): void {
    const fail = (msg: string): never => {
      throw new SimulatorInputError(msg);
    };
    if (!VALID_TYPES.includes(i.type)) fail(`unknown issue Type ${JSON.stringify(i.type)}`);
    if (this.team.issueTypes.get(i.issueTypeId)?.issueType !== i.type) fail(`IssueTypeId ${i.issueTypeId} is not a ${i.type} type`);
    if (!this.team.statuses.has(i.statusId)) fail(`unknown IssueStatusId ${i.statusId}`);
    if (!['', '0', '1', '2', '3'].includes(i.priority)) fail(`Priority must be "", "0".."3"`);
    if (i.assigneeId !== 0 && !this.team.users.has(i.assigneeId)) fail(`unknown AssigneeId ${i.assigneeId}`);
    if (!this.team.users.has(i.creatorId)) fail(`unknown CreatorId ${i.creatorId}`);
    for (const w of i.watcherIds) if (!this.team.users.has(w)) fail(`unknown watcher ${w}`);
    for (const l of i.labelIds) if (!project.labels.has(l)) fail(`unknown label ${l}`);
    if (i.iterationCode !== 0 && !project.iterations.has(i.iterationCode)) fail(`unknown IterationCode ${i.iterationCode}`);
    if (i.type === 'SUB_TASK') {
      const parent = project.issues.get(i.parentCode);
      if (!parent || !PARENT_TYPES.includes(parent.type)) fail('a SUB_TASK needs ParentCode of a REQUIREMENT, DEFECT or MISSION');
    } else if (i.parentCode !== 0) {
      fail('only a SUB_TASK has a ParentCode');
    }
    if (i.epicCode !== 0) {
      if (i.type !== 'REQUIREMENT') fail('only a REQUIREMENT belongs to an epic');
      if (project.issues.get(i.epicCode)?.type !== 'EPIC') fail(`EpicCode ${i.epicCode} is not an EPIC`);
    }
    if (i.updatedAt < i.createdAt) fail('UpdatedAt must not be before CreatedAt');
  }

  private validateIteration(i: IterationRecord): void {
    if (!['WAIT_PROCESS', 'PROCESSING', 'COMPLETED'].includes(i.status)) {
      throw new SimulatorInputError(`unknown iteration Status ${JSON.stringify(i.status)}`);
    }
    if (i.assigneeId !== 0 && !this.team.users.has(i.assigneeId)) throw new SimulatorInputError(`unknown Assignee ${i.assigneeId}`);
  }
}

function linkSubTask(project: ProjectState, parentCode: number, code: number): void {
  let set = project.subTasks.get(parentCode);
  if (!set) project.subTasks.set(parentCode, (set = new Set()));
  set.add(code);
}

function unlinkSubTask(project: ProjectState, parentCode: number, code: number): void {
  project.subTasks.get(parentCode)?.delete(code);
}
