import { offsetLimitShape } from '../coding/paging.js';
import type { StreamDeclaration } from '../engine/declaration.js';
import { numeric } from './fields.js';

/**
 * Full refresh only in polling mode: DescribeIterationList has no filter on update time, so there is no
 * way to ask Coding which iterations changed. Webhook mode applies iteration events instead.
 */
export const iterations: StreamDeclaration = {
  name: 'iterations',
  schemaFile: 'iterations.json',
  description:
    "Iterations (sprints) of each project. Full refresh only in polling mode, because Coding's OpenAPI cannot list changed iterations; incremental in webhook mode.",
  scope: 'project',
  list: {
    action: 'DescribeIterationList',
    shape: offsetLimitShape('List'),
    pageSize: 500,
    params: (partition) => ({ ProjectName: partition.project?.name }),
  },
  idField: 'Code',
  webhook: {
    objectKey: 'iteration',
    upserts: ['ITERATION_CREATED', 'ITERATION_UPDATED'],
    deletes: ['ITERATION_DELETED'],
    idOf: (object) => numeric(object.code),
    fetchOne: (partition, id) => ({ action: 'DescribeIteration', params: { ProjectName: partition.project?.name, IterationCode: id }, payloadKey: 'Iteration' }),
  },
};
