import { offsetLimitShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { IterationsRecord } from '../generated/records.js';

/**
 * Full refresh only in polling mode: DescribeIterationList has no filter on update time, so there is no
 * way to ask Coding which iterations changed. Webhook mode applies iteration events instead.
 */
export const iterations = defineStream<IterationsRecord>({
  name: 'iterations',
  schemaFile: 'iterations.json',
  description:
    "Iterations (sprints) of each project. Full refresh only in polling mode, because Coding's OpenAPI cannot list changed iterations; incremental in webhook mode.",
  partitions: 'project',
  list: {
    action: 'DescribeIterationList',
    shape: offsetLimitShape('List'),
    pageSize: 500,
    params: (partition) => ({ ProjectName: partition.project?.name }),
  },
  idField: 'Code',
  webhook: {
    objectKey: 'iteration',
    idKey: 'code',
    family: 'ITERATION_',
    upserts: ['ITERATION_CREATED', 'ITERATION_UPDATED'],
    deletes: ['ITERATION_DELETED'],
    fetchOne: (partition, id) => ({ action: 'DescribeIteration', params: { ProjectName: partition.project?.name, IterationCode: id }, payloadKey: 'Iteration' }),
  },
});
