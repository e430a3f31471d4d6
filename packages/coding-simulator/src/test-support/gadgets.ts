/** A small table and actions over it, declared only for the machinery's tests. */
import { defineListAction, defineObjectAction, projectById, projectByName, teamWide } from '../declarative/action.js';
import { listAt, objectAt, totalsBeside } from '../declarative/answer.js';
import { noPaging, offsetLimitPaging, pageNumberPaging } from '../declarative/paging.js';
import { bool, int, string } from '../declarative/params.js';
import { projectTable } from '../declarative/table.js';

export interface Gadget {
  code: number;
  name: string;
  weight: number;
}

/** Seven gadgets per project, weights 1..9 drawn from the table's own stream. */
export const GADGETS = projectTable<Gadget, number>({
  name: 'test-gadgets',
  key: (g) => g.code,
  generate: ({ rng, project }) => Array.from({ length: 7 }, (_, i) => ({ code: i + 1, name: `${project.name}-gadget-${i + 1}`, weight: rng.int(1, 9) })),
});

const view = (g: Gadget) => ({ Code: g.code, Name: g.name, Weight: g.weight });
const params = { Heavy: bool(), Name: string() };
const filters = {
  Heavy: (heavy: boolean) => (heavy ? (g: Gadget) => g.weight > 5 : undefined),
  Name: (part: string) => (g: Gadget) => g.name.includes(part),
};

export const GadgetPages = defineListAction({
  name: 'TestGadgetPages',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: GADGETS,
  params,
  filters,
  // Heaviest first; equal weights by code, ascending.
  order: { id: 'weight', direction: 'DESC', value: (g) => g.weight, tie: { value: (g) => g.code, direction: 'ASC' } },
  view,
  paging: pageNumberPaging({ maxSize: 5 }),
  answer: listAt(['Data', 'List'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalCount: 'totalRow' })),
});

export const GadgetOffsets = defineListAction({
  name: 'TestGadgetOffsets',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectById(),
  table: GADGETS,
  params,
  filters,
  view,
  paging: offsetLimitPaging({ defaultSize: 3 }),
  answer: listAt(['Data', 'List'], totalsBeside({ Page: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' })),
});

export const GadgetWhole = defineListAction({
  name: 'TestGadgetWhole',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: GADGETS,
  params,
  filters,
  view,
  paging: noPaging(),
  answer: listAt(['Gadgets'], totalsBeside({ TotalCount: 'totalRow' })),
});

export const TeamGadgets = defineListAction({
  name: 'TestTeamGadgets',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: teamWide(),
  table: GADGETS,
  params: {},
  view: (g, { project }) => ({ Project: project.record.name, Code: g.code }),
  paging: pageNumberPaging({ required: false }),
  answer: listAt(['Data', 'List'], totalsBeside({ TotalCount: 'totalRow' })),
});

export const OneGadget = defineObjectAction({
  name: 'TestOneGadget',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: projectByName(),
  table: GADGETS,
  params: { Code: int().required() },
  find: ({ Code }) => Code,
  notFound: ({ Code }) => `no gadget ${Code}`,
  view,
  answer: objectAt('Gadget'),
});
