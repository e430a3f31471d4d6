import { updatedFromDay } from '../coding/conditions.js';
import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssuesRecord } from '../generated/records.js';
import { customFieldShaper, withCustomFieldColumns } from './custom-fields/typed-columns.js';

/** Every issue type: requirements, defects, tasks, epics, sub-tasks and custom types. */
export const issues = defineStream<IssuesRecord>({
  name: 'issues',
  schemaFile: 'issues.json',
  description:
    'Issues of every type (requirements, defects, tasks, epics, sub-tasks, custom types) of each project, with each custom field as a typed column custom_field_<Id>. Incremental by UpdatedAt; deleted issues arrive as tombstones (_ab_cdc_deleted_at set): in polling mode from a periodic deletion sweep (deletion_sweep_hours), in webhook mode from Coding\'s events.',
  partitions: 'project',
  list: {
    action: 'DescribeIssueListWithPage',
    shape: pageNumberShape('List'),
    pageSize: 500,
    // ShowSubIssues: without it Coding may leave sub-tasks out of IssueType=ALL.
    params: (partition) => ({ ProjectName: partition.project?.name, IssueType: 'ALL', ShowSubIssues: true }),
  },
  idField: 'Code',
  cursor: {
    field: 'UpdatedAt',
    since: (fromMs) => ({ SortKey: 'UPDATED_AT', SortValue: 'ASC', Conditions: [updatedFromDay(fromMs)] }),
    floor: (settings) => settings.startDate,
  },
  sweep: {
    // The issue list is the cheapest listing (500 codes a request; Coding offers no narrower field
    // selection). By code, oldest first: issues created while the sweep pages land after it.
    params: (partition) => ({ ProjectName: partition.project?.name, IssueType: 'ALL', ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC' }),
    readOne: (partition, code) => ({ action: 'DescribeIssue', params: { ProjectName: partition.project?.name, IssueCode: code } }),
  },
  detail: {
    action: 'DescribeIssue',
    enabled: (settings) => settings.issueDetails,
    params: (partition, item) => ({ ProjectName: partition.project?.name, IssueCode: item.Code }),
    payloadKey: 'Issue',
  },
  webhook: {
    objectKey: 'issue',
    idKey: 'code',
    // A new comment updates its issue; its event nests the issue in issueComment (INFERRED).
    idPaths: [['issue', 'code'], ['issueComment', 'issue', 'code']],
    family: 'ISSUE_',
    upserts: [
      'ISSUE_CREATED',
      'ISSUE_UPDATED',
      'ISSUE_STATUS_UPDATED',
      'ISSUE_ASSIGNEE_CHANGED',
      'ISSUE_ITERATION_CHANGED',
      'ISSUE_RELATIONSHIP_CHANGED',
      'ISSUE_HOUR_RECORD_UPDATED',
      'ITERATION_PLANNED',
    ],
    deletes: ['ISSUE_DELETED'],
    changedAt: (object) => (typeof object.updated_at === 'number' ? object.updated_at : typeof object.updated_at === 'string' && /^\d+$/.test(object.updated_at) ? Number(object.updated_at) : undefined),
    fetchOne: (partition, id) => ({ action: 'DescribeIssue', params: { ProjectName: partition.project?.name, IssueCode: id }, payloadKey: 'Issue' }),
  },
  extendSchema: withCustomFieldColumns,
  prepare: customFieldShaper,
});
