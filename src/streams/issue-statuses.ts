import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueStatusesRecord } from '../generated/records.js';
import { issueTypes } from './issue-types.js';

/** Workflows per project and IssueType, like issue_fields. */
export const issueStatuses = defineStream<IssueStatusesRecord>({
  name: 'issue_statuses',
  schemaFile: 'issue_statuses.json',
  description: 'The statuses of each project’s workflow per IssueType, in order, the default first (IssueStatusId in issues and status changes). Full refresh.',
  partitions: { per: issueTypes, key: (type) => String(type.IssueType), include: (type) => typeof type.IssueType === 'string' && type.IssueType !== '' },
  list: {
    action: 'DescribeProjectIssueStatusList',
    shape: wholeListShape('ProjectIssueStatusList'),
    pageSize: 0,
    params: (partition) => ({ ProjectName: partition.project?.name, IssueType: partition.parent?.IssueType }),
  },
  idField: 'IssueStatusId',
  extraFields: (partition) => ({ IssueType: String(partition.parent?.IssueType) }),
});
