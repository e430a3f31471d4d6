import { defineObjectAction, projectByName } from '../declarative/action.js';
import { objectAt } from '../declarative/answer.js';
import { int } from '../declarative/params.js';
import { ITERATIONS } from '../tables/legacy-tables.js';

/** One iteration by its code. */
export const DescribeIteration = defineObjectAction({
  name: 'DescribeIteration',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: ITERATIONS,
  params: { IterationCode: int().required() },
  find: ({ IterationCode }) => IterationCode,
  notFound: ({ IterationCode }, { project }) => `The iteration ${IterationCode} does not exist in project ${project.record.name}.`,
  example: { IterationCode: 1 },
  view: (it, { views, project }) => views.iteration(project, it),
  answer: objectAt('Iteration'),
});
