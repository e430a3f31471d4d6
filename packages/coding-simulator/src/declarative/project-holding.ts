/**
 * Actions addressed to an object below a project (DescribeGitCommitsInPage's DepotId, the builds'
 * JobId) rather than to the project: the project is the one whose table holds that row. The
 * request names no project, so the shared suite has no project parameter to vary for them.
 */
import { ApiError } from '../envelope.js';
import type { ProjectState } from '../store.js';
import type { ProjectResolution } from './action.js';
import { int } from './params.js';
import type { TableDef } from './table.js';

export function projectHolding<Row>(
  param: string,
  table: TableDef<Row, number, 'project'>,
  options: {
    /** ResourceNotFound's message for an id no project holds. */
    notFound: (id: number) => string;
    /** Refuses a row the request may not reach (throws ApiError). */
    check?: (row: Row) => void;
  },
): ProjectResolution<ProjectState> {
  return {
    by: undefined,
    read: (params) => {
      const id = int().required().parse(params, param) as number;
      return (store) => {
        for (const project of store.projects()) {
          const row = project.rows(table).get(id);
          if (row === undefined) continue;
          options.check?.(row);
          return project;
        }
        throw new ApiError('ResourceNotFound', options.notFound(id));
      };
    },
  };
}
