import { defineListAction, teamWide } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { int, string } from '../declarative/params.js';
import { PROJECTS } from '../tables/legacy-tables.js';

/** The projects a user is a member of; `ProjectList` sits at the top level, without `Data`. */
export const DescribeUserProjects = defineListAction({
  name: 'DescribeUserProjects',
  scope: 'project:profile:ro',
  rate: 20,
  project: teamWide(),
  table: PROJECTS,
  params: { UserId: int().required(), ProjectName: string() },
  filters: {
    UserId: (userId, _, { store }) => (p) => store.findProjectById(p.id)?.members.has(userId) ?? false,
    ProjectName: (part) => (p) => p.name.includes(part) || p.displayName.includes(part),
  },
  order: { id: 'id', direction: 'ASC', value: (p) => p.id },
  example: ({ ownerId }) => ({ UserId: ownerId }),
  view: (p, { views }) => views.project(p),
  paging: noPaging(),
  answer: listAt(['ProjectList']),
});
