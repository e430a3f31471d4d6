import { defineObjectAction, projectByName } from '../declarative/action.js';
import { objectAt } from '../declarative/answer.js';
import { PROJECTS } from '../tables/legacy-tables.js';

/** A project by its Name; how clients learn the ProjectId other actions need. */
export const DescribeProjectByName = defineObjectAction({
  name: 'DescribeProjectByName',
  scope: 'project:profile:ro',
  rate: 20,
  project: projectByName(),
  table: PROJECTS,
  params: {},
  find: (_, { project }) => project.record.id,
  notFound: (_, { project }) => `The project ${JSON.stringify(project.record.name)} does not exist.`,
  view: (p, { views }) => views.project(p),
  answer: objectAt('Project'),
});
