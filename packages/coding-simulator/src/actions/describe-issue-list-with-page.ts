import { defineListAction, projectByName } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { bool, objects, oneOf } from '../declarative/params.js';
import { conditionsFilter, ISSUE_TYPE_PARAM, issueOrdering, parentTypeOf, SORT_KEYS } from '../issue-query.js';
import { ISSUES } from '../tables/legacy-tables.js';

/** A project's issues, filtered by type and Conditions, sorted, paged (reference §3.1). */
export const DescribeIssueListWithPage = defineListAction({
  name: 'DescribeIssueListWithPage',
  scope: 'collaboration:issue:ro',
  rate: 10000,
  project: projectByName(),
  table: ISSUES,
  params: {
    IssueType: oneOf(ISSUE_TYPE_PARAM).required(),
    ShowSubIssues: bool().default(false),
    ExcludeSubTask: bool().default(false),
    SortKey: oneOf(SORT_KEYS).default('CODE'),
    SortValue: oneOf(['ASC', 'DESC']).default('DESC'),
    Conditions: objects(),
  },
  filters: {
    // A single type lists the sub-tasks of its issues too (a sub-task's ParentType).
    IssueType: (type, _, { project }) => (type === 'ALL' ? undefined : (i) => parentTypeOf(project, i) === type),
    // Whether IssueType=ALL lists sub-tasks is undocumented. We read ShowSubIssues literally:
    // SUB_TASK items are listed only when it is true and ExcludeSubTask is not.
    ShowSubIssues: (show, { ExcludeSubTask }) => (show && !ExcludeSubTask ? undefined : (i) => i.type !== 'SUB_TASK'),
    Conditions: (conditions, _, { store, project }) => conditionsFilter(conditions, store, project),
  },
  order: ({ SortKey, SortValue }, { store, project, tieOrder }) => issueOrdering(store, project, SortKey, SortValue, tieOrder),
  example: { IssueType: 'ALL', ShowSubIssues: true, SortKey: 'UPDATED_AT', SortValue: 'ASC' },
  view: (issue, { views, project }) => views.issueListItem(project, issue),
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'List'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalCount: 'totalRow' })),
});
