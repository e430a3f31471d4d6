import { expect } from 'chai';
import { ApiError } from '../envelope.js';
import { inProcess, type InProcess } from '../test-support/in-process.js';
import { defineListAction, teamWide } from './action.js';
import { listAt, totalsBeside } from './answer.js';
import { noPaging } from './paging.js';
import { GADGETS, GadgetOffsets, GadgetPages, GadgetWhole, OneGadget, TeamGadgets, type Gadget } from '../test-support/gadgets.js';

type Page = { Data: Record<string, unknown> & { List: Array<{ Code: number; Weight: number }> } };

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('the declarative action machinery', () => {
  let sim: InProcess;
  before(() => {
    sim = inProcess({ size: { projects: 2, issuesPerProject: 5 }, extraTables: [GADGETS] });
  });
  const gadgets = (project = 'platform'): Gadget[] => [...sim.store.requireProject(project).rows(GADGETS).values()];

  it('serves page-number paging: pages add up to the truth, with the totals beside the list', () => {
    const truth = GadgetPages.truth(sim.request({ ProjectName: 'platform' }));
    expect(truth).to.have.length(7);
    const first = GadgetPages.answer(sim.request({ ProjectName: 'platform', PageNumber: 1, PageSize: 3 })) as Page;
    expect(first.Data).to.include({ PageNumber: 1, PageSize: 3, TotalPage: 3, TotalCount: 7 });
    const pages = [1, 2, 3].flatMap((n) => (GadgetPages.answer(sim.request({ ProjectName: 'platform', PageNumber: n, PageSize: 3 })) as Page).Data.List);
    expect(pages).to.deep.equal(truth);
  });

  it('takes page numbers and sizes sent as strings', () => {
    const asNumbers = GadgetPages.answer(sim.request({ ProjectName: 'platform', PageNumber: 2, PageSize: 2 }));
    const asStrings = GadgetPages.answer(sim.request({ ProjectName: 'platform', PageNumber: '2', PageSize: '2' }));
    expect(asStrings).to.deep.equal(asNumbers);
  });

  it('refuses a page size above the declared maximum', () => {
    expect(failure(() => GadgetPages.answer(sim.request({ ProjectName: 'platform', PageNumber: 1, PageSize: 6 }))).code).to.equal('InvalidParameterValue');
  });

  it('serves offset/limit paging: Offset is the page, Limit its size, with Page/TotalRow totals', () => {
    const projectId = sim.store.requireProject('platform').record.id;
    const second = GadgetOffsets.answer(sim.request({ ProjectId: projectId, Offset: 2, Limit: 3 })) as Page;
    expect(second.Data).to.include({ Page: 2, PageSize: 3, TotalPage: 3, TotalRow: 7 });
    expect(second.Data.List.map((g) => g.Code)).to.deep.equal([4, 5, 6]);
    const byDefault = GadgetOffsets.answer(sim.request({ ProjectId: String(projectId) })) as Page;
    expect(byDefault.Data.List.map((g) => g.Code)).to.deep.equal([1, 2, 3]);
  });

  it('serves an action without paging in one answer, ignoring paging parameters', () => {
    const whole = GadgetWhole.answer(sim.request({ ProjectName: 'platform', PageNumber: 2, PageSize: 1 }));
    expect(whole).to.deep.equal({ TotalCount: 7, Gadgets: GadgetWhole.truth(sim.request({ ProjectName: 'platform' })) });
  });

  it('applies a parameter\'s filter only when the parameter is sent', () => {
    const heavy = GadgetWhole.truth(sim.request({ ProjectName: 'platform', Heavy: true }));
    expect(heavy.map((g) => g.Code)).to.deep.equal(gadgets().filter((g) => g.weight > 5).map((g) => g.code));
    expect(GadgetWhole.truth(sim.request({ ProjectName: 'platform', Heavy: false }))).to.have.length(7);
    expect(GadgetWhole.truth(sim.request({ ProjectName: 'platform', name: 'gadget-3' })).map((g) => g.Code)).to.deep.equal([3]);
  });

  it('orders by the declared order, breaking ties as declared', () => {
    const expected = gadgets().sort((a, b) => b.weight - a.weight || a.code - b.code).map((g) => g.code);
    expect(GadgetPages.truth(sim.request({ ProjectName: 'platform' })).map((g) => g.Code)).to.deep.equal(expected);
  });

  it('answers an unknown project by name with ResourceNotFound', () => {
    expect(failure(() => GadgetWhole.answer(sim.request({ ProjectName: 'nope' })))).to.deep.equal({ code: 'ResourceNotFound', message: 'The project "nope" does not exist.' });
  });

  it('answers an unknown project by id with ResourceNotFound', () => {
    expect(failure(() => GadgetOffsets.answer(sim.request({ ProjectId: 1 })))).to.deep.equal({ code: 'ResourceNotFound', message: 'The project with id 1 does not exist.' });
  });

  it('answers a missing project parameter with MissingParameter', () => {
    expect(failure(() => GadgetWhole.answer(sim.request({}))).code).to.equal('MissingParameter');
    expect(failure(() => GadgetOffsets.answer(sim.request({}))).message).to.include('ProjectId');
  });

  it('checks every parameter before it looks the project up', () => {
    expect(failure(() => GadgetWhole.answer(sim.request({ ProjectName: 'nope', Heavy: 'very' }))).code).to.equal('InvalidParameterValue');
  });

  it('reads the rows of every project in turn for a team-wide action over a project table', () => {
    const all = TeamGadgets.truth(sim.request());
    expect(all.map((g) => `${g.Project}/${g.Code}`)).to.deep.equal(
      sim.store.projects().flatMap((p) => [...p.rows(GADGETS).values()].map((g) => `${p.record.name}/${g.code}`)),
    );
    const page = TeamGadgets.answer(sim.request({ PageNumber: 2, PageSize: 5 })) as Page;
    expect(page.Data['TotalCount']).to.equal(14);
    expect(page.Data.List).to.deep.equal(all.slice(5, 10));
  });

  it('answers a single-object action with the row under its key, or ResourceNotFound', () => {
    expect(OneGadget.answer(sim.request({ ProjectName: 'mobile-app', Code: '2' }))).to.deep.equal({
      Gadget: { Code: 2, Name: 'mobile-app-gadget-2', Weight: sim.store.requireProject('mobile-app').rows(GADGETS).get(2)?.weight },
    });
    expect(failure(() => OneGadget.answer(sim.request({ ProjectName: 'mobile-app', Code: 99 })))).to.deep.equal({ code: 'ResourceNotFound', message: 'no gadget 99' });
  });

  it('refuses at declaration an action without paging that reports page totals', () => {
    const declare = () =>
      defineListAction({
        name: 'TestBroken',
        scope: 'collaboration:issue:ro',
        rate: 20,
        project: teamWide(),
        table: GADGETS,
        params: {},
        view: (g) => g,
        paging: noPaging(),
        answer: listAt(['Data', 'List'], totalsBeside({ TotalPage: 'totalPage' })),
      });
    expect(declare).to.throw(/without paging/);
  });
});
