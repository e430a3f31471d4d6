/**
 * The rows of the first tables (tables/legacy-tables.ts); later tables declare their row types
 * beside their generators. Every answer (list item, detail, hook payload) is derived from rows,
 * so two views of one issue can never disagree. Records hold ids, not copies of other
 * records, and are replaced rather than edited in place, which lets arrays be shared safely.
 */
import type {
  IssueFile,
  IssueStatusType,
  IssueType,
  IterationStatus,
  Priority,
  RoleType,
  ThirdLink,
} from './types.js';

export interface UserRecord {
  id: number;
  name: string;
  namePinyin: string;
  globalKey: string;
  email: string;
  phone: string;
  avatar: string;
  status: number;
  emailValidation: number;
  phoneValidation: number;
}

export interface IssueTypeRecord {
  id: number;
  name: string;
  issueType: IssueType;
  description: string;
  isSystem: boolean;
}

export interface IssueStatusRecord {
  id: number;
  name: string;
  type: IssueStatusType;
}

export type CustomFieldKind = 'TEXT_SINGLE_LINE' | 'SELECT_MULTI' | 'SELECT_MEMBER_MULTI' | 'TEXT_DATE' | 'TEXT_DECIMAL';

export interface CustomFieldRecord {
  id: number;
  name: string;
  kind: CustomFieldKind;
}

export interface NamedRecord {
  id: number;
  name: string;
}

export interface LabelRecord extends NamedRecord {
  color: string;
}

export interface TeamRecord {
  id: number;
  domain: string;
  name: string;
  namePinyin: string;
  introduction: string;
  avatar: string;
}

export interface IssueRecord {
  /** Internal id; surfaces only as ParentId. */
  id: number;
  code: number;
  type: IssueType;
  issueTypeId: number;
  name: string;
  description: string;
  statusId: number;
  priority: Priority;
  assigneeId: number;
  creatorId: number;
  watcherIds: readonly number[];
  labelIds: readonly number[];
  /** 0 = none. */
  iterationCode: number;
  /** Code of the parent (SUB_TASK only), 0 = none. */
  parentCode: number;
  /** Code of the epic (REQUIREMENT only), 0 = none. */
  epicCode: number;
  moduleId: number;
  requirementTypeId: number;
  defectTypeId: number;
  startDate: number;
  dueDate: number;
  completedAt: number;
  createdAt: number;
  updatedAt: number;
  storyPoint: string;
  workingHours: number;
  /** [custom field id, ValueString] for the fields that are set. */
  customFields: ReadonlyArray<readonly [number, string]>;
  files: readonly IssueFile[];
  thirdLinks: readonly ThirdLink[];
}

export interface IterationRecord {
  id: number;
  code: number;
  name: string;
  goal: string;
  status: IterationStatus;
  assigneeId: number;
  creatorId: number;
  starterId: number;
  completerId: number;
  startAt: number;
  endAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipRecord {
  userId: number;
  roles: readonly RoleType[];
}

export interface ProjectRecord {
  id: number;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  createdAt: number;
  updatedAt: number;
}

/** Everything that belongs to one project. */
export interface ProjectData {
  project: ProjectRecord;
  labels: readonly LabelRecord[];
  modules: readonly NamedRecord[];
  /** In code order. */
  issues: IssueRecord[];
  /** In code order. */
  iterations: IterationRecord[];
  /** In join order. */
  members: MembershipRecord[];
}

/** Team-wide settings shared by all projects. */
export interface TeamData {
  team: TeamRecord;
  /** In id order; users[0] owns the simulator's tokens. */
  users: UserRecord[];
  issueTypes: readonly IssueTypeRecord[];
  statuses: readonly IssueStatusRecord[];
  customFields: readonly CustomFieldRecord[];
  requirementTypes: readonly NamedRecord[];
  defectTypes: ReadonlyArray<NamedRecord & { iconUrl: string }>;
}

export interface Dataset {
  teamData: TeamData;
  projects: ProjectData[];
  /** The next free internal ids, so records created later never collide with seeded ones. */
  nextIssueId: number;
  nextIterationId: number;
}

/** Iteration StartAt/EndAt when unset: 1970-01-01 00:00 at UTC+8. */
export const UNSET_ITERATION_TIME = -28_800_000;
