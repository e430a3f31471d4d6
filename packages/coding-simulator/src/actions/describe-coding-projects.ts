import { defineListAction, teamWide } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { string } from '../declarative/params.js';
import { PROJECTS } from '../tables/legacy-tables.js';

/** Every project of the team, filtered by a part of its name or display name. */
export const DescribeCodingProjects = defineListAction({
  name: 'DescribeCodingProjects',
  scope: 'project:profile:ro',
  rate: 20,
  project: teamWide(),
  table: PROJECTS,
  params: { ProjectName: string() },
  filters: {
    ProjectName: (part) => (p) => p.name.includes(part) || p.displayName.includes(part),
  },
  order: { id: 'id', direction: 'ASC', value: (p) => p.id },
  view: (p, { views }) => views.project(p),
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'ProjectList'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalCount: 'totalRow' })),
});
