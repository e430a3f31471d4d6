import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueFieldsRecord } from '../generated/records.js';
import { issueTypes } from './issue-types.js';

/**
 * Field definitions per project and IssueType (the kind: custom issue types share their kind's
 * fields, so each kind is read once per project).
 */
export const issueFields = defineStream<IssueFieldsRecord>({
  name: 'issue_fields',
  schemaFile: 'issue_fields.json',
  description:
    'The fields (system and custom) each project shows per IssueType, with their definitions: name, ComponentType, options. Maps the custom_field_<Id> columns of issues to names. Full refresh.',
  partitions: { per: issueTypes, key: (type) => String(type.IssueType), include: (type) => typeof type.IssueType === 'string' && type.IssueType !== '' },
  list: {
    action: 'DescribeProjectIssueFieldList',
    shape: wholeListShape('ProjectIssueFieldList'),
    pageSize: 0,
    params: (partition) => ({ ProjectName: partition.project?.name, IssueType: partition.parent?.IssueType }),
  },
  idField: 'IssueFieldId',
  extraFields: (partition) => ({ IssueType: String(partition.parent?.IssueType) }),
});
