/**
 * The statuses each issue type of a project moves through: defects have their own workflow (待处理 →
 * 处理中 → 测试中 → 已完成 / 已关闭), the other types the basic one (未开始 → 处理中 → 已完成); any
 * status the project's issues of a type are in is part of that type's workflow, so issues and
 * workflows never disagree. The first status of a workflow is its default (where new issues start).
 */
import { projectTable } from '../declarative/table.js';
import type { IssueStatusRecord } from '../model.js';
import type { IssueType } from '../types.js';
import { ISSUE_STATUSES, ISSUES } from './legacy-tables.js';
import { ISSUE_CATEGORIES } from './project-issue-fields.js';

export interface ProjectStatusRow {
  issueType: IssueType;
  statusId: number;
  isDefault: boolean;
  sort: number;
}

const WORKFLOWS: Readonly<Record<IssueType, readonly string[]>> = {
  DEFECT: ['待处理', '处理中', '测试中', '已完成', '已关闭'],
  REQUIREMENT: ['未开始', '处理中', '已完成'],
  MISSION: ['未开始', '处理中', '已完成'],
  EPIC: ['未开始', '处理中', '已完成'],
  SUB_TASK: ['未开始', '处理中', '已完成'],
};

export const PROJECT_ISSUE_STATUSES = projectTable<ProjectStatusRow, string>({
  name: 'project-issue-statuses',
  key: (s) => `${s.issueType}:${s.statusId}`,
  uses: [ISSUE_STATUSES, ISSUES],
  generate: ({ team, sibling }) => {
    const statuses = team(ISSUE_STATUSES);
    const issues = sibling(ISSUES);
    const rows: ProjectStatusRow[] = [];
    for (const issueType of ISSUE_CATEGORIES) {
      const used = new Set(issues.filter((i) => i.type === issueType).map((i) => i.statusId));
      const names = WORKFLOWS[issueType];
      const own = names.flatMap((name) => statuses.filter((s) => s.name === name));
      const ordered: IssueStatusRecord[] = [...own, ...statuses.filter((s) => used.has(s.id) && !own.includes(s))];
      ordered.forEach((status, i) => rows.push({ issueType, statusId: status.id, isDefault: i === 0, sort: i + 1 }));
    }
    return rows;
  },
});

