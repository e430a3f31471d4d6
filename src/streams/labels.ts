import { wholeListShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { LabelsRecord } from '../generated/records.js';

export const labels = defineStream<LabelsRecord>({
  name: 'labels',
  schemaFile: 'labels.json',
  description: 'The issue labels of each project. Full refresh.',
  partitions: 'project',
  list: {
    // Takes the numeric ProjectId; DescribeProjectLabels is another thing (projects carrying a label).
    action: 'DescribeAllProjectLabels',
    shape: wholeListShape('Labels'),
    pageSize: 0,
    params: (partition) => ({ ProjectId: partition.project?.id }),
  },
  idField: 'Id',
});
