/**
 * Turns canonical records into the shapes the OpenAPI answers with. The list item and the detail
 * are both built from one IssueRecord through `common`, so they agree on every shared field.
 * Unset nested objects are zero-valued objects, never null, as the real API returns them.
 * Every call builds fresh objects, so callers may hand them out without copying.
 */
import { ROLE_DEFINITIONS } from './dataset.js';
import type { IssueRecord, IterationRecord, MembershipRecord, ProjectRecord, UserRecord } from './model.js';
import type { ProjectState, Store } from './store.js';
import { ISSUE_FIELD_DEFINITIONS } from './tables/issue-field-definitions.js';
import type {
  CurrentUser,
  IssueCommon,
  IssueDetail,
  IssueListItem,
  IssueParent,
  IssueStatusType,
  IssueSummary,
  IssueTypeDetail,
  Iteration,
  Project,
  ProjectMember,
  RoleType,
  TopLevelIssueType,
  User,
} from './types.js';

const ZERO_USER: User = { Id: 0, Status: 0, Avatar: '', Name: '', Email: '', TeamId: 0, Phone: '', GlobalKey: '', TeamGlobalKey: '' };
const ZERO_TYPE_DETAIL: IssueTypeDetail = { Id: 0, Name: '', IssueType: '', Description: '', IsSystem: false };
const DEPARTMENTS = ['研发部', '产品部', '测试部'];

export interface IterationCounts {
  todo: number;
  processing: number;
  completed: number;
}

export class Views {
  constructor(private readonly store: Store) {}

  /** The user object inside issues; like real captures it leaves contact fields empty. */
  user(id: number): User {
    const u = id === 0 ? undefined : this.store.user(id);
    if (!u) return { ...ZERO_USER };
    return { Id: u.id, Status: u.status, Avatar: u.avatar, Name: u.name, Email: '', TeamId: 0, Phone: '', GlobalKey: '', TeamGlobalKey: '' };
  }

  currentUser(u: UserRecord): CurrentUser {
    return {
      Id: u.id,
      Status: u.status,
      Email: u.email,
      GlobalKey: u.globalKey,
      Avatar: u.avatar,
      Gravatar: '',
      Name: u.name,
      NamePinYin: u.namePinyin,
      Phone: u.phone,
      PhoneValidation: u.phoneValidation,
      EmailValidation: u.emailValidation,
      PhoneRegionCode: u.phone ? '+86' : '',
      Region: 'cn',
      TeamId: this.store.team.record.id,
      WeComId: '',
    };
  }

  project(p: ProjectRecord): Project {
    return {
      Id: p.id,
      Name: p.name,
      DisplayName: p.displayName,
      Description: p.description,
      Icon: p.icon,
      Type: 2,
      Status: 1,
      MaxMember: 0,
      TeamId: this.store.team.record.id,
      TeamOwnerId: 0,
      UserOwnerId: 0,
      IsDemo: false,
      Archived: false,
      StartDate: 0,
      EndDate: 0,
      CreatedAt: p.createdAt,
      UpdatedAt: p.updatedAt,
      ProgramIds: [],
    };
  }

  issueListItem(state: ProjectState, issue: IssueRecord): IssueListItem {
    const parent = issue.parentCode === 0 ? undefined : state.issues.get(issue.parentCode);
    return {
      ...this.common(state, issue, parent),
      AssigneeId: issue.assigneeId,
      CreatorId: issue.creatorId,
      ParentId: parent?.id ?? 0,
      ParentCode: issue.parentCode,
    };
  }

  issueDetail(state: ProjectState, issue: IssueRecord): IssueDetail {
    const parent = issue.parentCode === 0 ? undefined : state.issues.get(issue.parentCode);
    const epic = issue.epicCode === 0 ? undefined : state.issues.get(issue.epicCode);
    const module = state.modules.get(issue.moduleId);
    const requirementType = this.store.team.requirementTypes.get(issue.requirementTypeId);
    const defectType = this.store.team.defectTypes.get(issue.defectTypeId);
    const subTaskCodes = [...(state.subTasks.get(issue.code) ?? [])].sort((a, b) => a - b);
    return {
      ...this.common(state, issue, parent),
      Assignee: this.user(issue.assigneeId),
      Creator: this.user(issue.creatorId),
      Watchers: issue.watcherIds.map((id) => this.user(id)),
      Files: issue.files.map((f) => ({ ...f })),
      Epic: epic ? this.summary(epic) : this.summary(undefined),
      Parent: this.parent(parent),
      SubTasks: subTaskCodes.flatMap((c) => {
        const sub = state.issues.get(c);
        return sub ? [this.summary(sub)] : [];
      }),
      ProjectModule: module ? { Id: module.id, Name: module.name } : { Id: 0, Name: '' },
      RequirementType: requirementType ? { Id: requirementType.id, Name: requirementType.name } : { Id: 0, Name: '' },
      DefectType: defectType ? { Id: defectType.id, Name: defectType.name, IconUrl: defectType.iconUrl } : { Id: 0, Name: '', IconUrl: '' },
      ThirdLinks: issue.thirdLinks.map((l) => ({ ...l })),
      Project: this.project(state.record),
    };
  }

  iteration(state: ProjectState, it: IterationRecord): Iteration {
    const counts = this.iterationCounts(state).get(it.code) ?? { todo: 0, processing: 0, completed: 0 };
    const total = counts.todo + counts.processing + counts.completed;
    return {
      Id: it.id,
      ProjectId: state.record.id,
      Code: it.code,
      Name: it.name,
      Goal: it.goal,
      Status: it.status,
      Assignee: it.assigneeId,
      Creator: it.creatorId,
      Starter: it.starterId,
      Completer: it.completerId,
      Deleter: 0,
      StartAt: it.startAt,
      EndAt: it.endAt,
      CreatedAt: it.createdAt,
      UpdatedAt: it.updatedAt,
      WaitProcessCount: counts.todo,
      ProcessingCount: counts.processing,
      CompletedCount: counts.completed,
      CompletedPercent: total === 0 ? 0 : Math.round((counts.completed / total) * 10_000) / 100,
    };
  }

  projectMember(membership: MembershipRecord): ProjectMember {
    const u = this.store.user(membership.userId);
    // Users are never deleted (leaving a project removes the membership), so this is a bug.
    if (!u) throw new Error(`the member ${membership.userId} has no team user`);
    return this.member(u, membership.roles);
  }

  /** Without `showDepartment` (DescribeTeamMembers' ShowDepartment, default false) the department is zero-valued. */
  teamMember(u: UserRecord, showDepartment = true): ProjectMember {
    const member = this.member(u, [u.id === this.store.owner.id ? 'EnterpriseOwner' : 'EnterpriseMember']);
    if (!showDepartment) member.DepartmentMember = { RefId: 0, Refs: [], ThirdPartyAvatar: '', ThirdPartyName: '', ThirdPartyId: '' };
    return member;
  }

  /** Status type of an issue, needed by filters and sorts as well as by views. */
  statusType(issue: IssueRecord): IssueStatusType {
    return this.store.status(issue.statusId)?.type ?? 'TODO';
  }

  private member(u: UserRecord, roles: readonly RoleType[]): ProjectMember {
    const dept = u.id % 4; // three in four users sit in a department
    return {
      Id: u.id,
      TeamId: this.store.team.record.id,
      Name: u.name,
      NamePinYin: u.namePinyin,
      Avatar: u.avatar,
      Email: u.email,
      Phone: u.phone,
      EmailValidation: u.emailValidation,
      PhoneValidation: u.phoneValidation,
      GlobalKey: u.globalKey,
      Status: u.status,
      Roles: roles.map((r) => ({ RoleId: ROLE_DEFINITIONS[r].roleId, RoleType: r, RoleTypeName: ROLE_DEFINITIONS[r].name })),
      UniqueExtField: '',
      DepartmentMember: {
        RefId: dept === 3 ? 0 : u.id,
        Refs:
          dept === 3
            ? []
            : [{ Assignee: false, DepartmentId: 600 + dept, DepartmentMemberId: u.id * 10 + dept, DepartmentName: DEPARTMENTS[dept] ?? '', DescribeId: 0, Pointer: false }],
        ThirdPartyAvatar: '',
        ThirdPartyName: '',
        ThirdPartyId: '',
      },
    };
  }

  private common(state: ProjectState, issue: IssueRecord, parent: IssueRecord | undefined): IssueCommon {
    const status = this.store.status(issue.statusId);
    const iteration = issue.iterationCode === 0 ? undefined : state.iterations.get(issue.iterationCode);
    const parentType: TopLevelIssueType = issue.type === 'SUB_TASK' ? topLevel(parent?.type) : issue.type;
    return {
      Code: issue.code,
      ParentType: parentType,
      Type: issue.type,
      Name: issue.name,
      Description: issue.description,
      IterationId: iteration?.id ?? 0,
      IssueStatusId: issue.statusId,
      IssueStatusName: status?.name ?? '',
      IssueStatusType: status?.type ?? 'TODO',
      Priority: issue.priority,
      StartDate: issue.startDate,
      DueDate: issue.dueDate,
      WorkingHours: issue.workingHours,
      StoryPoint: issue.storyPoint,
      CreatedAt: issue.createdAt,
      UpdatedAt: issue.updatedAt,
      CompletedAt: issue.completedAt,
      Iteration: iteration
        ? { Code: iteration.code, Id: iteration.id, Name: iteration.name, Status: iteration.status }
        : { Code: 0, Id: 0, Name: '', Status: '' },
      IssueTypeDetail: this.typeDetail(issue.issueTypeId),
      IssueTypeId: issue.issueTypeId,
      CustomFields: issue.customFields.map(([id, value]) => ({
        Id: id,
        Name: this.store.team.rows(ISSUE_FIELD_DEFINITIONS).get(id)?.name ?? '',
        ValueString: value,
      })),
      Labels: issue.labelIds.flatMap((id) => {
        const l = state.labels.get(id);
        return l ? [{ Id: l.id, Name: l.name, Color: l.color }] : [];
      }),
      Assignees: issue.assigneeId === 0 ? [] : [this.user(issue.assigneeId)],
    };
  }

  private typeDetail(id: number): IssueTypeDetail {
    const t = this.store.issueType(id);
    return t ? { Id: t.id, Name: t.name, IssueType: t.issueType, Description: t.description, IsSystem: t.isSystem } : { ...ZERO_TYPE_DETAIL };
  }

  private summary(issue: IssueRecord | undefined): IssueSummary {
    if (!issue) return { Code: 0, Type: '', Name: '', IssueStatusId: 0, IssueStatusName: '', Priority: '', Assignee: { ...ZERO_USER } };
    return {
      Code: issue.code,
      Type: issue.type,
      Name: issue.name,
      IssueStatusId: issue.statusId,
      IssueStatusName: this.store.status(issue.statusId)?.name ?? '',
      Priority: issue.priority,
      Assignee: this.user(issue.assigneeId),
    };
  }

  private parent(issue: IssueRecord | undefined): IssueParent {
    return {
      ...this.summary(issue),
      IssueStatusType: issue ? this.statusType(issue) : '',
      IssueTypeDetail: issue ? this.typeDetail(issue.issueTypeId) : { ...ZERO_TYPE_DETAIL },
    };
  }

  private iterationCounts(state: ProjectState): Map<number, IterationCounts> {
    return state.derived('iteration-counts', () => {
      const counts = new Map<number, IterationCounts>();
      for (const issue of state.issues.values()) {
        if (issue.iterationCode === 0) continue;
        let c = counts.get(issue.iterationCode);
        if (!c) counts.set(issue.iterationCode, (c = { todo: 0, processing: 0, completed: 0 }));
        const t = this.statusType(issue);
        if (t === 'TODO') c.todo++;
        else if (t === 'PROCESSING') c.processing++;
        else c.completed++;
      }
      return counts;
    });
  }
}

function topLevel(type: string | undefined): TopLevelIssueType {
  return type === 'EPIC' || type === 'REQUIREMENT' || type === 'DEFECT' || type === 'MISSION' ? type : 'MISSION';
}
