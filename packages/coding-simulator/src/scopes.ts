/**
 * The two scopes tables live in: the team, and each project. Named accessors cover the tables
 * the store's own logic works with; any other table is read with `rows(table)`.
 */
import { TableScopeState, type ReadonlyRows } from './declarative/table.js';
import type {
  CustomFieldRecord,
  IssueRecord,
  IssueStatusRecord,
  IssueTypeRecord,
  IterationRecord,
  LabelRecord,
  MembershipRecord,
  NamedRecord,
  ProjectRecord,
  TeamRecord,
  UserRecord,
} from './model.js';
import {
  CUSTOM_FIELDS,
  DEFECT_TYPES,
  ISSUE_STATUSES,
  ISSUE_TYPES,
  ISSUES,
  ITERATIONS,
  LABELS,
  MODULES,
  PROJECT_MEMBERS,
  REQUIREMENT_TYPES,
  USERS,
} from './tables/legacy-tables.js';

export class TeamState extends TableScopeState {
  constructor(readonly record: TeamRecord) {
    super('team');
  }

  get users(): ReadonlyRows<UserRecord, number> {
    return this.rows(USERS);
  }

  get issueTypes(): ReadonlyRows<IssueTypeRecord, number> {
    return this.rows(ISSUE_TYPES);
  }

  get statuses(): ReadonlyRows<IssueStatusRecord, number> {
    return this.rows(ISSUE_STATUSES);
  }

  get customFields(): ReadonlyRows<CustomFieldRecord, number> {
    return this.rows(CUSTOM_FIELDS);
  }

  get requirementTypes(): ReadonlyRows<NamedRecord, number> {
    return this.rows(REQUIREMENT_TYPES);
  }

  get defectTypes(): ReadonlyRows<NamedRecord & { iconUrl: string }, number> {
    return this.rows(DEFECT_TYPES);
  }
}

export class ProjectState extends TableScopeState {
  /** parent code → codes of its sub-tasks, so a detail view does not scan the project. */
  readonly subTasks = new Map<number, Set<number>>();
  nextIssueCode = 1;
  nextIterationCode = 1;

  constructor(readonly record: ProjectRecord) {
    super('project');
  }

  get labels(): ReadonlyRows<LabelRecord, number> {
    return this.rows(LABELS);
  }

  get modules(): ReadonlyRows<NamedRecord, number> {
    return this.rows(MODULES);
  }

  /** By user id, in join order. */
  get members(): ReadonlyRows<MembershipRecord, number> {
    return this.rows(PROJECT_MEMBERS);
  }

  get iterations(): ReadonlyRows<IterationRecord, number> {
    return this.rows(ITERATIONS);
  }

  get issues(): ReadonlyRows<IssueRecord, number> {
    return this.rows(ISSUES);
  }
}
