/**
 * The tables the simulator started with. They were seeded from one shared stream per project
 * (dataset.ts) before tables had streams of their own, and they keep it: the connector's fixtures
 * are pinned to seed 42's bytes. Every table added since draws from its own stream instead, and so
 * do the issues' custom-field values, which follow the fields each project shows per issue type
 * (custom-field-values.ts): the shared stream's own draws for them are discarded, not skipped, so
 * every other field of every issue stays as it was.
 */
import type {
  CustomFieldRecord,
  IssueRecord,
  IssueStatusRecord,
  IssueTypeRecord,
  IterationRecord,
  LabelRecord,
  MembershipRecord,
  NamedRecord,
  ProjectData,
  ProjectRecord,
  UserRecord,
} from '../model.js';
import { projectTable, teamTable, type ProjectSeedContext } from '../declarative/table.js';
import { withCustomFieldValues } from './custom-field-values.js';
import { ISSUE_FIELD_DEFINITIONS } from './issue-field-definitions.js';
import { PROJECT_ISSUE_FIELDS } from './project-issue-fields.js';

function legacyProject(ctx: ProjectSeedContext): ProjectData {
  const data = ctx.legacy().projects[ctx.index];
  if (!data) throw new Error(`the legacy dataset has no project ${ctx.index}`);
  return data;
}

// ---- team ----

/** In id order; the first user owns the simulator's tokens. */
export const USERS = teamTable<UserRecord, number>({ name: 'users', key: (u) => u.id, generate: (ctx) => ctx.legacy().teamData.users });
export const ISSUE_TYPES = teamTable<IssueTypeRecord, number>({ name: 'issue-types', key: (t) => t.id, generate: (ctx) => ctx.legacy().teamData.issueTypes });
export const ISSUE_STATUSES = teamTable<IssueStatusRecord, number>({ name: 'issue-statuses', key: (s) => s.id, generate: (ctx) => ctx.legacy().teamData.statuses });
export const CUSTOM_FIELDS = teamTable<CustomFieldRecord, number>({ name: 'custom-fields', key: (f) => f.id, generate: (ctx) => ctx.legacy().teamData.customFields });
export const REQUIREMENT_TYPES = teamTable<NamedRecord, number>({ name: 'requirement-types', key: (t) => t.id, generate: (ctx) => ctx.legacy().teamData.requirementTypes });
export const DEFECT_TYPES = teamTable<NamedRecord & { iconUrl: string }, number>({ name: 'defect-types', key: (t) => t.id, generate: (ctx) => ctx.legacy().teamData.defectTypes });
/** In id order, which is also the order they were created in. */
export const PROJECTS = teamTable<ProjectRecord, number>({ name: 'projects', key: (p) => p.id, generate: (ctx) => ctx.legacy().projects.map((p) => p.project) });

// ---- project ----

export const LABELS = projectTable<LabelRecord, number>({ name: 'labels', key: (l) => l.id, generate: (ctx) => legacyProject(ctx).labels });
export const MODULES = projectTable<NamedRecord, number>({ name: 'modules', key: (m) => m.id, generate: (ctx) => legacyProject(ctx).modules });
/** In join order. */
export const PROJECT_MEMBERS = projectTable<MembershipRecord, number>({ name: 'project-members', key: (m) => m.userId, generate: (ctx) => legacyProject(ctx).members });
/** In code order. */
export const ITERATIONS = projectTable<IterationRecord, number>({ name: 'iterations', key: (i) => i.code, generate: (ctx) => legacyProject(ctx).iterations });
/** In code order. */
export const ISSUES = projectTable<IssueRecord, number>({
  name: 'issues',
  key: (i) => i.code,
  uses: [PROJECT_ISSUE_FIELDS, ISSUE_FIELD_DEFINITIONS, USERS, PROJECT_MEMBERS],
  generate: (ctx) =>
    withCustomFieldValues(legacyProject(ctx).issues, {
      rng: ctx.rng,
      fields: ctx.sibling(PROJECT_ISSUE_FIELDS),
      definitions: new Map(ctx.team(ISSUE_FIELD_DEFINITIONS).map((f) => [f.id, f])),
      users: new Map(ctx.team(USERS).map((u) => [u.id, u])),
      memberIds: ctx.sibling(PROJECT_MEMBERS).map((m) => m.userId),
    }),
});

/** The tables the store's own logic (mutations, views, hooks) needs, whatever the actions read. */
export const CORE_TABLES = [
  USERS, ISSUE_TYPES, ISSUE_STATUSES, CUSTOM_FIELDS, REQUIREMENT_TYPES, DEFECT_TYPES, PROJECTS,
  LABELS, MODULES, PROJECT_MEMBERS, ITERATIONS, ISSUES,
] as const;
