/**
 * The records the simulator answers with, shaped like Coding's OpenAPI payloads
 * (PascalCase keys, epoch-millisecond timestamps, strings for Priority and StoryPoint).
 * These are the simulator's own declarations: the connector keeps its own types, so a
 * mistake here shows up as a disagreement in tests instead of being copied both ways.
 */

export type IssueType = 'EPIC' | 'REQUIREMENT' | 'DEFECT' | 'MISSION' | 'SUB_TASK';
/** Types that can stand alone; a SUB_TASK always reports its parent's type as ParentType. */
export type TopLevelIssueType = Exclude<IssueType, 'SUB_TASK'>;
export type IssueStatusType = 'TODO' | 'PROCESSING' | 'COMPLETED';
export type IterationStatus = 'WAIT_PROCESS' | 'PROCESSING' | 'COMPLETED';
/** "0" low, "1" medium, "2" high, "3" urgent, "" unset. */
export type Priority = '' | '0' | '1' | '2' | '3';
export type RoleType =
  | 'EnterpriseOwner'
  | 'EnterpriseAdmin'
  | 'EnterpriseMember'
  | 'UserDefined'
  | 'ProjectAdmin'
  | 'ProjectMember'
  | 'ProjectGuest'
  | 'ProjectManager'
  | 'ProductManager'
  | 'ProjectOperation';

/** The user object embedded in issue payloads (Assignee, Creator, Watchers...). */
export interface User {
  Id: number;
  Status: number;
  Avatar: string;
  Name: string;
  Email: string;
  TeamId: number;
  Phone: string;
  GlobalKey: string;
  TeamGlobalKey: string;
}

/** DescribeCodingCurrentUser's `User`. */
export interface CurrentUser {
  Id: number;
  Status: number;
  Email: string;
  GlobalKey: string;
  Avatar: string;
  Gravatar: string;
  Name: string;
  NamePinYin: string;
  Phone: string;
  PhoneValidation: number;
  EmailValidation: number;
  PhoneRegionCode: string;
  Region: string;
  TeamId: number;
  WeComId: string;
}

export interface Project {
  Id: number;
  Name: string;
  DisplayName: string;
  Description: string;
  Icon: string;
  Type: number;
  Status: number;
  MaxMember: number;
  TeamId: number;
  TeamOwnerId: number;
  UserOwnerId: number;
  IsDemo: boolean;
  Archived: boolean;
  StartDate: number;
  EndDate: number;
  CreatedAt: number;
  UpdatedAt: number;
  ProgramIds: number[];
}

export interface IssueTypeDetail {
  Id: number;
  Name: string;
  IssueType: IssueType | '';
  Description: string;
  IsSystem: boolean;
}

export interface Label {
  Id: number;
  Name: string;
  Color: string;
}

export interface IssueFile {
  FileId: number;
  Name: string;
  Size: number;
  /** 1 text, 2 image, 3 binary, 4 SVG. */
  Type: number;
  Url: string;
}

export interface CustomFieldValue {
  Id: number;
  Name: string;
  /** Plain text for text fields; JSON text for member and multi-select fields. */
  ValueString: string;
}

export interface ThirdLink {
  Id: number;
  Link: string;
  ThirdType: string;
  Title: string;
}

export interface IssueIterationRef {
  Code: number;
  Id: number;
  Name: string;
  Status: IterationStatus | '';
}

/** Fields the list item and the detail share (reference §3.1/§3.2). */
export interface IssueCommon {
  Code: number;
  ParentType: TopLevelIssueType;
  Type: IssueType;
  Name: string;
  Description: string;
  IterationId: number;
  IssueStatusId: number;
  IssueStatusName: string;
  IssueStatusType: IssueStatusType;
  Priority: Priority;
  StartDate: number;
  DueDate: number;
  WorkingHours: number;
  StoryPoint: string;
  CreatedAt: number;
  UpdatedAt: number;
  CompletedAt: number;
  Iteration: IssueIterationRef;
  IssueTypeDetail: IssueTypeDetail;
  IssueTypeId: number;
  CustomFields: CustomFieldValue[];
  Labels: Label[];
  Assignees: User[];
}

/** An item of DescribeIssueListWithPage's `Data.List` (IssueListData). */
export interface IssueListItem extends IssueCommon {
  AssigneeId: number;
  CreatorId: number;
  ParentId: number;
  ParentCode: number;
}

export interface IssueSummary {
  Code: number;
  Type: IssueType | '';
  Name: string;
  IssueStatusId: number;
  IssueStatusName: string;
  Priority: Priority;
  Assignee: User;
}

export interface IssueParent extends IssueSummary {
  IssueStatusType: IssueStatusType | '';
  IssueTypeDetail: IssueTypeDetail;
}

/** DescribeIssue's `Issue`. */
export interface IssueDetail extends IssueCommon {
  Assignee: User;
  Creator: User;
  Watchers: User[];
  Files: IssueFile[];
  Epic: IssueSummary;
  Parent: IssueParent;
  SubTasks: IssueSummary[];
  ProjectModule: { Id: number; Name: string };
  RequirementType: { Id: number; Name: string };
  DefectType: { Id: number; Name: string; IconUrl: string };
  ThirdLinks: ThirdLink[];
  Project: Project;
}

export interface Iteration {
  Id: number;
  ProjectId: number;
  Code: number;
  Name: string;
  Goal: string;
  Status: IterationStatus;
  Assignee: number;
  Creator: number;
  Starter: number;
  Completer: number;
  Deleter: number;
  /** -28800000 (1970-01-01 00:00 at UTC+8) when unset. */
  StartAt: number;
  EndAt: number;
  CreatedAt: number;
  UpdatedAt: number;
  WaitProcessCount: number;
  ProcessingCount: number;
  CompletedCount: number;
  CompletedPercent: number;
}

export interface MemberRole {
  RoleId: number;
  RoleType: RoleType;
  RoleTypeName: string;
}

export interface DepartmentMember {
  RefId: number;
  Refs: Array<{
    Assignee: boolean;
    DepartmentId: number;
    DepartmentMemberId: number;
    DepartmentName: string;
    DescribeId: number;
    Pointer: boolean;
  }>;
  ThirdPartyAvatar: string;
  ThirdPartyName: string;
  ThirdPartyId: string;
}

/** DescribeProjectMembers' `ProjectMembers[]` and DescribeTeamMembers' `TeamMembers[]`. */
export interface ProjectMember {
  Id: number;
  TeamId: number;
  Name: string;
  NamePinYin: string;
  Avatar: string;
  Email: string;
  Phone: string;
  EmailValidation: number;
  PhoneValidation: number;
  GlobalKey: string;
  /** 0 inactive, 1 active, -1 locked, -2 login locked, -3 left the team. */
  Status: number;
  Roles: MemberRole[];
  UniqueExtField: string;
  DepartmentMember: DepartmentMember;
}

/** What `control.createIssue`/`updateIssue` accept; anything omitted gets a plausible default. */
export interface IssueFields {
  Name: string;
  Type: IssueType;
  /** Must name an issue type of the same IssueType; defaults to the system type. */
  IssueTypeId: number;
  Description: string;
  Priority: Priority;
  IssueStatusId: number;
  /** Convenience: picks the first status of this type when IssueStatusId is not given. */
  IssueStatusType: IssueStatusType;
  AssigneeId: number;
  CreatorId: number;
  WatcherIds: number[];
  LabelIds: number[];
  /** 0 = no iteration. */
  IterationCode: number;
  /** Required for SUB_TASK: the parent's code. */
  ParentCode: number;
  /** For REQUIREMENT: the epic's code, 0 = none. */
  EpicCode: number;
  StartDate: number;
  DueDate: number;
  CompletedAt: number;
  CreatedAt: number;
  UpdatedAt: number;
  StoryPoint: string;
  WorkingHours: number;
}

export interface IterationFields {
  Name: string;
  Goal: string;
  Status: IterationStatus;
  Assignee: number;
  StartAt: number;
  EndAt: number;
  CreatedAt: number;
  UpdatedAt: number;
}

export interface MemberFields {
  /** An existing team user to add; when omitted a new team user is created. */
  UserId: number;
  Name: string;
  RoleType: RoleType;
}

/** DescribeIssueCommentList's `CommentList[]`. */
export interface IssueComment {
  CommentId: number;
  /** The comment replied to, 0 for none. */
  ParentId: number;
  CreatorId: number;
  /** Markdown as written. */
  RawContent: string;
  /** Rendered HTML. */
  Content: string;
  CreatedAt: number;
  UpdatedAt: number;
  /** Attachments, only with ShowFileId. */
  FileId: number[];
}

/** DescribeIssueWorkLogList's and DescribeAllProjectsIssueWorkLogList's `WorkLogs[]`. */
export interface IssueWorkLog {
  Id: number;
  IssueId: number;
  IssueCode: number;
  ProjectName: string;
  UserId: number;
  RecordHours: number;
  RemainingHours: number;
  StartAt: number;
  WorkingDesc: string;
  CreatedAt: number;
  UpdatedAt: number;
}

/** The `IssueStatus` of status lists and status logs. */
export interface IssueStatusInfo {
  Id: number;
  Name: string;
  Type: IssueStatusType | '';
  Index: number;
  IsSystem: boolean;
  Description: string;
}

/** DescribeIssueStatusChangeLogList's `Logs.List[]`: one status an issue entered. */
export interface IssueStatusLog {
  IssueCode: number;
  StatusId: number;
  StatusName: string;
  /** When the issue entered the status. */
  CreatedAt: number;
  IssueStatus: IssueStatusInfo;
}

/** DescribeBlockIssueList's and DescribeBlockedByIssueList's `Issues[]`. */
export interface RelatedIssue {
  Code: number;
  Name: string;
  Type: IssueType | '';
  IssueStatusId: number;
  IssueStatusName: string;
  IssueStatusType: IssueStatusType | '';
  Priority: Priority | '';
  Assignee: { Id: number; Name: string; Email: string };
}

/** DescribeProjectIssueTypeList's `IssueTypes[]`. */
export interface ProjectIssueType extends IssueTypeDetail {
  SplitType: string;
  SplitTargetIssueTypeId: number[];
}

/** DescribeProjectIssueFieldList's `ProjectIssueFieldList[]`. */
export interface ProjectIssueField {
  IssueFieldId: number;
  IssueType: IssueType;
  Required: boolean;
  NeedDefault: boolean;
  /** The default, as a ValueString. */
  ValueString: string;
  CreatedAt: number;
  UpdatedAt: number;
  IssueField: {
    Id: number;
    Name: string;
    /** SYSTEM or CUSTOM. */
    Type: string;
    ComponentType: string;
    Unit: string;
    Options: Array<{ Title: string; Value: string; Sort: number }>;
    Description: string;
    Required: boolean;
    Editable: boolean;
    Deletable: boolean;
    Sortable: boolean;
    Selectable: boolean;
    CreatedBy: number;
    CreatedAt: number;
    UpdatedAt: number;
  };
}

/** DescribeProjectIssueStatusList's `ProjectIssueStatusList[]`. */
export interface ProjectIssueStatus {
  IssueStatusId: number;
  IssueType: IssueType;
  IsDefault: boolean;
  Sort: number;
  IssueStatus: IssueStatusInfo;
}

/** DescribeAllProjectLabels' `Labels[]`. */
export interface ProjectLabel extends Label {
  ProjectId: number;
  CreatorId: number;
}

/** What `control.addComment` accepts. */
export interface CommentFields {
  /** Markdown. */
  Content: string;
  /** Default: the token owner. */
  CreatorId: number;
  /** A comment of the same issue to reply to. */
  ParentId: number;
}

/** What `control.addWorkLog` accepts. */
export interface WorkLogFields {
  RecordHours: number;
  /** Default: the token owner. */
  UserId: number;
  WorkingDesc: string;
  /** Default: the start of today (Shanghai). */
  StartAt: number;
}
