import { defineListAction, teamWide } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { bool } from '../declarative/params.js';
import { USERS } from '../tables/legacy-tables.js';

/** Every user of the team, including those in no project and those who left; departments only when asked. */
export const DescribeTeamMembers = defineListAction({
  name: 'DescribeTeamMembers',
  // Coding's own check probes member access with this action, so it shares the member scope.
  scope: 'project:member:ro',
  rate: 20,
  project: teamWide(),
  table: USERS,
  params: { ShowDepartment: bool().default(false) },
  order: { id: 'id', direction: 'ASC', value: (u) => u.id },
  view: (u, { views }, { ShowDepartment }) => views.teamMember(u, ShowDepartment),
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'TeamMembers'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalCount: 'totalRow' })),
});
