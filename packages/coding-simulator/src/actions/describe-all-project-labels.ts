import { defineListAction, projectById } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { LABELS } from '../tables/legacy-tables.js';
import type { ProjectLabel } from '../types.js';

/** A project's issue labels, by the numeric ProjectId (DescribeProjectLabels is something else). */
export const DescribeAllProjectLabels = defineListAction({
  name: 'DescribeAllProjectLabels',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectById(),
  table: LABELS,
  params: {},
  view: (l, { store, project }): ProjectLabel => ({ Id: l.id, Name: l.name, Color: l.color, ProjectId: project.record.id, CreatorId: store.owner.id }),
  paging: noPaging(),
  answer: listAt(['Labels']),
});
