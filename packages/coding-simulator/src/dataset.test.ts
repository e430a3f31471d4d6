import { expect } from 'chai';
import { DATASET_FACTS, startSimulator, type Simulator } from './index.js';
import { listIssues } from './test-support/api.js';

/** Everything the API would answer about the dataset, as one string. */
function snapshot(sim: Simulator): string {
  return JSON.stringify(
    sim.projectNames().map((p) => ({
      project: sim.project(p),
      issues: sim.issueCodes(p).map((c) => [sim.issueListItem(p, c), sim.issueDetail(p, c)]),
      iterations: sim.iterations(p),
      members: sim.members(p),
    })),
  );
}

function findNull(value: unknown, path: string): string | undefined {
  if (value === null) return path;
  if (typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = findNull(v, `${path}.${k}`);
    if (found) return found;
  }
  return undefined;
}

describe('the seeded dataset', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('is byte-identical for the same seed, whatever the clock says', async () => {
    const other = await startSimulator({ now: () => Date.UTC(2031, 0, 1) });
    try {
      expect(snapshot(other)).to.equal(snapshot(sim));
      expect(other.tokens.personal).to.equal(sim.tokens.personal);
    } finally {
      await other.close();
    }
  });

  it('differs for a different seed', async () => {
    const other = await startSimulator({ seed: 7 });
    try {
      expect(other.projectNames()).to.deep.equal(sim.projectNames());
      expect(other.issueDetail('platform', 5)).to.not.deep.equal(sim.issueDetail('platform', 5));
      expect(other.tokens.personal).to.not.equal(sim.tokens.personal);
    } finally {
      await other.close();
    }
  });

  it('has three named projects of 150 issues, 8 iterations and 12 members by default', () => {
    expect(sim.projectNames()).to.deep.equal(['platform', 'mobile-app', 'data-warehouse']);
    for (const p of sim.projectNames()) {
      expect(sim.project(p).DisplayName).to.match(/[\u4e00-\u9fff]/);
      expect(sim.issueCodes(p)).to.have.length(150);
      expect(sim.iterations(p)).to.have.length(8);
      expect(sim.members(p)).to.have.length(12);
    }
  });

  it('numbers issues and iterations from 1 in every project, so codes collide across projects', () => {
    for (const p of sim.projectNames()) {
      expect(sim.issueCodes(p)[0]).to.equal(1);
      expect(sim.iterations(p).map((i) => i.Code)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });

  it('puts the bulk edit group and the day-boundary issues in every project', () => {
    for (const p of sim.projectNames()) {
      const stamps = sim.issueCodes(p).map((c) => sim.issueListItem(p, c).UpdatedAt);
      const count = (t: number): number => stamps.filter((s) => s === t).length;
      expect(count(DATASET_FACTS.bulkEditAt), p).to.equal(DATASET_FACTS.bulkEditSize).and.be.at.least(20);
      expect(count(DATASET_FACTS.lastMsBeforeBoundary), p).to.equal(DATASET_FACTS.boundaryIssues);
      expect(count(DATASET_FACTS.dayStartAt), p).to.equal(DATASET_FACTS.boundaryIssues);
      expect(Math.min(...stamps)).to.be.at.least(DATASET_FACTS.rangeStart);
      expect(Math.max(...stamps)).to.be.at.most(DATASET_FACTS.rangeEnd);
    }
  });

  it('covers every issue type, custom types, epics with requirements, and sub-tasks with parents', () => {
    for (const p of sim.projectNames()) {
      const details = sim.issueCodes(p).map((c) => sim.issueDetail(p, c));
      const types = new Set(details.map((d) => d.Type));
      expect([...types].sort(), p).to.deep.equal(['DEFECT', 'EPIC', 'MISSION', 'REQUIREMENT', 'SUB_TASK']);
      expect(details.some((d) => !d.IssueTypeDetail.IsSystem), 'custom issue type').to.equal(true);
      expect(details.some((d) => d.Type === 'REQUIREMENT' && d.Epic.Code !== 0 && d.Epic.Type === 'EPIC'), 'requirement in an epic').to.equal(true);
      for (const d of details.filter((x) => x.Type === 'SUB_TASK')) {
        expect(d.Parent.Code, `sub-task ${d.Code}`).to.be.greaterThan(0).and.lessThan(d.Code);
        expect(['REQUIREMENT', 'DEFECT', 'MISSION']).to.include(d.ParentType);
      }
    }
  });

  it('uses the value types and conventions of the real API', () => {
    const details = sim.projectNames().flatMap((p) => sim.issueCodes(p).map((c) => sim.issueDetail(p, c)));
    const lists = sim.projectNames().flatMap((p) => sim.issueCodes(p).map((c) => sim.issueListItem(p, c)));
    for (const d of [...details, ...lists]) {
      const where = findNull(d, `issue ${d.Code}`);
      expect(where, 'no null values').to.equal(undefined);
      expect(['', '0', '1', '2', '3']).to.include(d.Priority);
      expect(d.StoryPoint).to.be.a('string');
      expect(d.UpdatedAt).to.be.at.least(d.CreatedAt);
      if (d.IssueStatusType === 'COMPLETED') expect(d.CompletedAt).to.be.within(d.CreatedAt, d.UpdatedAt);
      else expect(d.CompletedAt).to.equal(0);
    }
    expect(new Set(details.map((d) => d.Priority))).to.have.all.keys('', '0', '1', '2', '3');
    expect(details.some((d) => d.DueDate === 0) && details.some((d) => d.DueDate > 0)).to.equal(true);
    expect(details.some((d) => d.Iteration.Code === 0 && d.Iteration.Name === '' && d.IterationId === 0)).to.equal(true);
    expect(details.some((d) => d.Watchers.length > 0 && d.Labels.length > 0)).to.equal(true);
    expect(details.some((d) => d.Files.length > 0)).to.equal(true);
    expect(details.some((d) => d.Description.includes('##') || d.Description.includes('```'))).to.equal(true);
    const member = details.flatMap((d) => d.CustomFields).find((f) => f.Name === '协作人');
    expect(member, 'a member custom field').to.not.equal(undefined);
    expect(JSON.parse(member?.ValueString ?? '')).to.be.an('array');
  });

  it('contains Chinese text and emoji outside the Basic Multilingual Plane', () => {
    const names = sim.projectNames().flatMap((p) => sim.issueCodes(p).map((c) => sim.issueListItem(p, c).Name));
    expect(names.some((n) => /[\u4e00-\u9fff]/.test(n))).to.equal(true);
    expect(names.some((n) => /[\u{1F300}-\u{1FAFF}]/u.test(n))).to.equal(true);
    expect(names.some((n) => n.includes('𠮷'))).to.equal(true);
  });

  it('leaves the dates of the unscheduled iteration at -28800000 and counts issues per iteration', () => {
    for (const p of sim.projectNames()) {
      const iterations = sim.iterations(p);
      const backlog = iterations.find((i) => i.StartAt === -28_800_000);
      expect(backlog?.EndAt).to.equal(-28_800_000);
      expect(new Set(iterations.map((i) => i.Status))).to.have.all.keys('WAIT_PROCESS', 'PROCESSING', 'COMPLETED');
      for (const it of iterations) {
        const inIt = sim.issueCodes(p).map((c) => sim.issueListItem(p, c)).filter((i) => i.Iteration.Code === it.Code);
        expect(it.WaitProcessCount + it.ProcessingCount + it.CompletedCount).to.equal(inIt.length);
        expect(inIt.every((i) => i.IterationId === it.Id)).to.equal(true);
      }
    }
  });

  it('shares users between projects, keyed by global user id', () => {
    const [a, b] = sim.projectNames().map((p) => new Set(sim.members(p).map((m) => m.Id)));
    const shared = [...(a ?? [])].filter((id) => b?.has(id));
    expect(shared.length).to.be.greaterThan(1);
  });

  // How fast it does so is measured by `npm run bench`, not asserted here.
  it('scales to 5 projects of 20000 issues and serves full 500-item pages from them', async function () {
    this.timeout(60_000);
    const big = await startSimulator({ dataset: { projects: 5, issuesPerProject: 20_000 } });
    try {
      expect(big.projectNames()).to.have.length(5);
      expect(big.issueCodes(big.projectNames()[4] ?? '')).to.have.length(20_000);
      await listIssues(big, { ProjectName: 'platform', SortKey: 'UPDATED_AT', SortValue: 'ASC' }); // builds the sorted index
      for (let page = 1; page <= 10; page++) {
        const data = await listIssues(big, { ProjectName: 'platform', ShowSubIssues: true, SortKey: 'UPDATED_AT', SortValue: 'ASC', PageNumber: page, PageSize: 500 });
        expect(data.List).to.have.length(500);
      }
    } finally {
      await big.close();
    }
  });
});
