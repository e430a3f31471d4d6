import { ROLE_DEFINITIONS } from '../dataset.js';
import { defineListAction, projectById } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { int } from '../declarative/params.js';
import { PROJECT_MEMBERS } from '../tables/legacy-tables.js';

/** A project's members in join order, by the numeric ProjectId. */
export const DescribeProjectMembers = defineListAction({
  name: 'DescribeProjectMembers',
  scope: 'project:member:ro',
  rate: 20,
  project: projectById(),
  table: PROJECT_MEMBERS,
  params: { RoleId: int() },
  filters: {
    // 0 means every role.
    RoleId: (roleId) => (roleId === 0 ? undefined : (m) => m.roles.some((r) => ROLE_DEFINITIONS[r].roleId === roleId)),
  },
  view: (m, { views }) => views.projectMember(m),
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'ProjectMembers'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalCount: 'totalRow' })),
});
