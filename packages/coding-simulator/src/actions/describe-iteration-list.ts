import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { offsetLimitPaging } from '../declarative/paging.js';
import { int, list, oneOf, shanghaiDate, string } from '../declarative/params.js';
import { UNSET_ITERATION_TIME } from '../model.js';
import { ITERATIONS } from '../tables/legacy-tables.js';

/** A project's iterations in code order (reference §3.3); `Page`, `PageSize`, `TotalPage` come from tapdata's reads. */
export const DescribeIterationList = defineListAction({
  name: 'DescribeIterationList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ITERATIONS,
  params: {
    Status: list(oneOf(['WAIT_PROCESS', 'PROCESSING', 'COMPLETED'])),
    Assignee: list(int()),
    Keywords: string(),
    StartDate: shanghaiDate(),
    EndDate: shanghaiDate(),
  },
  filters: {
    Status: (statuses) => (it) => statuses.includes(it.status),
    Assignee: (ids) => (it) => ids.includes(it.assigneeId),
    Keywords: (text) => {
      const needle = text.trim().toLowerCase();
      return needle === '' ? undefined : (it) => it.name.toLowerCase().includes(needle);
    },
    // An unscheduled iteration (dates -28800000) matches no date filter.
    StartDate: ({ from }) => (it) => it.startAt !== UNSET_ITERATION_TIME && it.startAt >= from,
    EndDate: ({ to }) => (it) => it.endAt !== UNSET_ITERATION_TIME && it.endAt <= to,
  },
  order: { id: 'code', direction: 'ASC', value: (it) => it.code },
  view: (it, { views, project }) => views.iteration(project, it),
  paging: offsetLimitPaging(),
  answer: listAt(['Data', 'List'], totalsBeside({ Page: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' })),
});
