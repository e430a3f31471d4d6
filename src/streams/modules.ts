import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { ModulesRecord } from '../generated/records.js';

export const modules = defineStream<ModulesRecord>({
  name: 'modules',
  schemaFile: 'modules.json',
  description: 'The issue modules of each project (ProjectModule in issue details). Full refresh.',
  partitions: 'project',
  list: {
    action: 'DescribeIssueModuleList',
    shape: wholeListShape('IssueModules'),
    pageSize: 0,
    params: (partition) => ({ ProjectName: partition.project?.name }),
  },
  idField: 'Id',
});
