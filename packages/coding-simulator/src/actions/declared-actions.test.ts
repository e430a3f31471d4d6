/**
 * The checks every declared action gets, over HTTP, the moment it is listed in the registry:
 * its pages add up to what `Simulator.list()` holds, its totals sit where it declares them, an
 * unknown project is ResourceNotFound, and a token without its scope is refused.
 */
import { expect } from 'chai';
import { startSimulator, type ActionName, type Simulator } from '../index.js';
import { call, ok } from '../test-support/api.js';
import { ACTIONS } from './index.js';

function at(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);
}

describe('every declared action', () => {
  let sim: Simulator;
  let ownerId = 0;
  before(async () => {
    sim = await startSimulator({ seed: 3, dataset: { projects: 3, issuesPerProject: 23, iterationsPerProject: 5, membersPerProject: 7 } });
    ownerId = sim.list('DescribeCodingCurrentUser').Id;
  });
  after(() => sim.close());

  const PAGE_SIZE = 2;

  for (const action of ACTIONS) {
    describe(action.name, () => {
      const params = (project = 'mobile-app'): Record<string, unknown> => ({
        ...(action.project?.kind === 'name' ? { [action.project.param]: project } : {}),
        ...(action.project?.kind === 'id' ? { [action.project.param]: sim.project(project).Id } : {}),
        ...action.example({ ownerId, project: { name: project, id: sim.project(project).Id }, list: (name, p) => sim.list(name as ActionName, p) }),
        ...(action.paging.kind === 'none' ? {} : { [action.paging.numberParam]: action.paging.kind === 'item-offset' ? 0 : 1, [action.paging.sizeParam]: PAGE_SIZE }),
      });

      if (action.shape.kind === 'object') {
        const key = action.shape.key;
        it('answers with the object list() holds, under its payload key', async () => {
          const response = await ok(sim, action.name, params());
          expect(Object.keys(response).sort()).to.deep.equal([key, 'RequestId'].sort());
          expect(response[key]).to.deep.equal(sim.list(action.name, params()));
        });
      } else if (action.paging.kind === 'none') {
        const shape = action.shape;
        it('answers the whole list in one answer, as list() holds it', async () => {
          const truth = sim.list(action.name, params()) as unknown[];
          expect(truth.length).to.be.greaterThan(0);
          const response = await ok(sim, action.name, { ...params(), PageNumber: 2, PageSize: 1 });
          expect(at(response, shape.path)).to.deep.equal(truth);
        });
      } else {
        const { numberParam, sizeParam, kind } = action.paging;
        const shape = action.shape;
        it('pages, page numbers sent as strings, add up to what list() holds, with the totals where declared', async () => {
          const truth = sim.list(action.name, params()) as unknown[];
          expect(truth.length, 'the example lists more than one page').to.be.greaterThan(PAGE_SIZE);
          const listed: unknown[] = [];
          for (let page = 1; ; page++) {
            // Item offsets count items from 0; the other shapes number pages from 1.
            const position = kind === 'item-offset' ? (page - 1) * PAGE_SIZE : page;
            const response = await ok(sim, action.name, { ...params(), [numberParam]: String(position), [sizeParam]: String(PAGE_SIZE) });
            const items = at(response, shape.path) as unknown[];
            listed.push(...items);
            const expected = { pageNumber: page, pageSize: PAGE_SIZE, totalPage: Math.ceil(truth.length / PAGE_SIZE), totalRow: truth.length };
            const holder = at(response, shape.totals?.at ?? shape.path.slice(0, -1));
            for (const [name, total] of Object.entries(shape.totals?.names ?? {})) expect(at(holder, [name]), name).to.equal(expected[total]);
            if (items.length < PAGE_SIZE) break;
          }
          expect(listed).to.deep.equal(truth);
        });
      }

      if (action.project) {
        const { kind, param } = action.project;
        it(`answers an unknown project (by ${kind === 'name' ? 'name' : 'id'}) with ResourceNotFound`, async () => {
          const response = await call(sim, action.name, { ...params(), [param]: kind === 'name' ? 'no-such-project' : 1 });
          expect(response.Error?.Code).to.equal('ResourceNotFound');
        });
      }

      it(`is refused to a token without ${action.scope}, and only then`, async () => {
        // The simulator's one restricted token lacks project:member:ro.
        const response = await call(sim, action.name, params(), { authorization: `token ${sim.tokens.noMemberScope}` });
        if (action.scope === 'project:member:ro') {
          expect(response.Error?.Code).to.equal('InvalidParameterValue');
          expect(response.Error?.Message).to.include(action.scope);
        } else {
          expect(response.Error).to.equal(undefined);
        }
      });
    });
  }
});
