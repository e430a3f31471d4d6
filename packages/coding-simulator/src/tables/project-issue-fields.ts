/**
 * Which fields each issue type of a project shows: every system field, and a project's own choice of
 * the team's custom fields per issue type, such that every custom field (so every ComponentType) is
 * shown by at least one issue type of every project.
 */
import { projectTable } from '../declarative/table.js';
import { DAY_MS } from '../shanghai-time.js';
import type { IssueType } from '../types.js';
import { ISSUE_FIELD_DEFINITIONS, type FieldDefinition } from './issue-field-definitions.js';

export interface ProjectFieldRow {
  /** The IssueType the project shows the field for (DescribeProjectIssueFieldList's IssueType). */
  issueType: IssueType;
  fieldId: number;
  required: boolean;
  needDefault: boolean;
  /** The default as a ValueString, '' when none. */
  defaultValue: string;
  createdAt: number;
  updatedAt: number;
}

export const ISSUE_CATEGORIES: readonly IssueType[] = ['REQUIREMENT', 'DEFECT', 'MISSION', 'EPIC', 'SUB_TASK'];

/** Fields an epic does not have (it is not planned in iterations nor estimated in hours). */
const NOT_ON_EPICS: readonly number[] = [6, 7];

export const PROJECT_ISSUE_FIELDS = projectTable<ProjectFieldRow, string>({
  name: 'project-issue-fields',
  key: (f) => `${f.issueType}:${f.fieldId}`,
  uses: [ISSUE_FIELD_DEFINITIONS],
  generate: ({ rng, team, project }) => {
    const definitions = team(ISSUE_FIELD_DEFINITIONS);
    const system = definitions.filter((f) => f.type === 'SYSTEM');
    const custom = definitions.filter((f) => f.type === 'CUSTOM');
    const chosen = new Map<IssueType, FieldDefinition[]>(ISSUE_CATEGORIES.map((c) => [c, rng.sample(custom, rng.int(4, 8))]));
    for (const field of custom) {
      if (![...chosen.values()].some((fields) => fields.includes(field))) chosen.get(rng.pick(ISSUE_CATEGORIES))?.push(field);
    }
    const rows: ProjectFieldRow[] = [];
    for (const issueType of ISSUE_CATEGORIES) {
      const own = (chosen.get(issueType) ?? []).sort((a, b) => a.id - b.id);
      for (const field of [...system.filter((f) => issueType !== 'EPIC' || !NOT_ON_EPICS.includes(f.id)), ...own]) {
        const createdAt = Math.max(field.createdAt, project.createdAt) + rng.int(0, 10) * DAY_MS;
        const defaulted = field.componentType === 'RADIO' && rng.chance(0.5);
        rows.push({
          issueType,
          fieldId: field.id,
          required: field.id === 1 || (field.type === 'CUSTOM' && rng.chance(0.1)),
          needDefault: defaulted,
          defaultValue: defaulted ? (field.options[field.options.length - 1]?.value ?? '') : '',
          createdAt,
          updatedAt: createdAt + rng.int(0, 5) * DAY_MS,
        });
      }
    }
    return rows;
  },
});
