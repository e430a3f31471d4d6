/** The issue types a project uses: every system type and the team's custom types, in the team's order. */
import { projectTable } from '../declarative/table.js';
import type { IssueType } from '../types.js';
import { ISSUE_TYPES } from './legacy-tables.js';

export interface ProjectIssueTypeRow {
  issueTypeId: number;
  /** What items of this type split into (SUB_TASK for the types that have sub-tasks), '' for none. */
  splitType: string;
  splitTargetIssueTypeIds: readonly number[];
}

const SPLITS_INTO_SUB_TASKS: readonly IssueType[] = ['REQUIREMENT', 'DEFECT', 'MISSION'];

export const PROJECT_ISSUE_TYPES = projectTable<ProjectIssueTypeRow, number>({
  name: 'project-issue-types',
  key: (t) => t.issueTypeId,
  uses: [ISSUE_TYPES],
  generate: ({ team }) => {
    const types = team(ISSUE_TYPES);
    const subTask = types.find((t) => t.issueType === 'SUB_TASK' && t.isSystem);
    return types.map((t) => {
      const splits = subTask !== undefined && SPLITS_INTO_SUB_TASKS.includes(t.issueType);
      return { issueTypeId: t.id, splitType: splits ? 'SUB_TASK' : '', splitTargetIssueTypeIds: splits && subTask ? [subTask.id] : [] };
    });
  },
});
