import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IssueTypesRecord } from '../generated/records.js';

export const issueTypes = defineStream<IssueTypesRecord>({
  name: 'issue_types',
  schemaFile: 'issue_types.json',
  description: 'The issue types each project uses, system and custom (IssueTypeId in issues). Full refresh.',
  partitions: 'project',
  list: {
    action: 'DescribeProjectIssueTypeList',
    shape: wholeListShape('IssueTypes'),
    pageSize: 0,
    params: (partition) => ({ ProjectName: partition.project?.name }),
  },
  idField: 'Id',
});
