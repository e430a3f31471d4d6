import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { oneOf } from '../declarative/params.js';
import { ISSUE_FIELD_DEFINITIONS } from '../tables/issue-field-definitions.js';
import { ISSUE_CATEGORIES, PROJECT_ISSUE_FIELDS } from '../tables/project-issue-fields.js';
import type { ProjectIssueField } from '../types.js';

/** The fields (system and custom) a project shows for one IssueType, with their definitions. */
export const DescribeProjectIssueFieldList = defineListAction({
  name: 'DescribeProjectIssueFieldList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: PROJECT_ISSUE_FIELDS,
  params: { IssueType: oneOf(ISSUE_CATEGORIES).required() },
  filters: { IssueType: (type) => (row) => row.issueType === type },
  example: { IssueType: 'REQUIREMENT' },
  view: (row, { store }): ProjectIssueField => {
    const f = store.team.rows(ISSUE_FIELD_DEFINITIONS).get(row.fieldId);
    const system = f?.type === 'SYSTEM';
    return {
      IssueFieldId: row.fieldId,
      IssueType: row.issueType,
      Required: row.required,
      NeedDefault: row.needDefault,
      ValueString: row.defaultValue,
      CreatedAt: row.createdAt,
      UpdatedAt: row.updatedAt,
      IssueField: {
        Id: row.fieldId,
        Name: f?.name ?? '',
        Type: f?.type ?? '',
        ComponentType: f?.componentType ?? '',
        Unit: f?.unit ?? '',
        Options: (f?.options ?? []).map((o) => ({ Title: o.title, Value: o.value, Sort: o.sort })),
        Description: f?.description ?? '',
        Required: row.required,
        Editable: !system,
        Deletable: !system,
        Sortable: true,
        Selectable: true,
        CreatedBy: store.owner.id,
        CreatedAt: f?.createdAt ?? 0,
        UpdatedAt: f?.updatedAt ?? 0,
      },
    };
  },
  paging: noPaging(),
  answer: listAt(['ProjectIssueFieldList']),
});
