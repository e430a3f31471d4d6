import { expect } from 'chai';
import { startSimulator, type Simulator } from '../index.js';
import { ok } from '../test-support/api.js';

describe('DescribeIssueModuleList', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 60 } });
  });
  after(() => sim.close());

  it('lists the project\'s modules under IssueModules, the same ones issue details name', async () => {
    const response = await ok(sim, 'DescribeIssueModuleList', { ProjectName: 'platform' });
    const modules = response['IssueModules'] as Array<{ Id: number; Name: string }>;
    expect(modules.length).to.be.greaterThan(0);
    expect(modules.every((m) => Object.keys(m).join() === 'Id,Name')).to.equal(true);
    const named = sim.issueCodes('platform').map((c) => sim.issueDetail('platform', c).ProjectModule).filter((m) => m.Id !== 0);
    expect(named.length).to.be.greaterThan(0);
    for (const m of named) expect(modules).to.deep.include(m);
    const other = sim.list('DescribeIssueModuleList', { ProjectName: 'mobile-app' });
    expect(other.map((m) => m.Id)).to.not.include.members(modules.map((m) => m.Id));
  });
});
