import { expect } from 'chai';
import { startSimulator } from '@source-coding/coding-simulator';
import { CodingNotFoundError, CodingPermissionError } from '../coding/errors.js';
import { commits } from '../streams/commits.js';
import { STREAMS } from '../streams/index.js';
import { simulatorClient } from '../test-support/in-process-sync.js';
import { scriptedClient } from '../test-support/scripted-client.js';
import { testRunContext } from '../test-support/run-context.js';
import { check } from './check.js';

/** One project with three Git depots; what their commits answer is up to the test. */
function team(commitsOf: (depotId: number) => Record<string, unknown>) {
  return scriptedClient((action, params) => {
    if (action === 'DescribeCodingCurrentUser') return { User: { Name: 'me' } };
    if (action === 'DescribeCodingProjects') return { Data: { TotalCount: 1, ProjectList: [{ Id: 1, Name: 'platform' }] } };
    if (action === 'DescribeProjectDepotInfoList') {
      const depots = [1, 2, 3].map((Id) => ({ Id, Name: `d${Id}`, VcsType: 'git', DefaultBranch: 'master' }));
      return { DepotData: { Depots: Number(params.PageNumber) === 1 ? depots : [], Page: { TotalRow: 3 } } };
    }
    if (action === 'DescribeGitCommitsInPage') return commitsOf(Number(params.DepotId));
    throw new Error(`unexpected ${action}`);
  });
}
const notFound = () => new CodingNotFoundError('DescribeGitCommitsInPage', 'ResourceNotFound', 'no branch', 'Coding found nothing.', 'config_error');
const refused = () => new CodingPermissionError('DescribeGitCommitsInPage', 'InvalidParameterValue', 'Permission denied', 'Coding refused DescribeGitCommitsInPage (project:depot:ro).', 'config_error');

describe('check, for streams read per depot', () => {
  it('tries the next depot when one is empty or not readable, as a sync skips them', async () => {
    const client = team((id) => {
      if (id === 1) throw notFound();
      if (id === 2) throw refused();
      return { Data: { Commits: [], Page: { TotalRow: 0 } } };
    });
    const result = await check(testRunContext(client), [commits], 'issues');
    expect(result).to.deep.include({ succeeded: true });
    expect(result.message).to.not.include('will fail');
    expect(client.calls.filter((c) => c.action === 'DescribeGitCommitsInPage').map((c) => c.params.DepotId)).to.deep.equal([1, 2, 3]);
  });

  it('warns that the stream will fail when Coding refuses every depot tried, naming the scope', async () => {
    const result = await check(testRunContext(team(() => { throw refused(); })), [commits], 'issues');
    expect(result.succeeded).to.equal(true);
    expect(result.message).to.match(/commits will fail.*project:depot:ro/);
  });
});

describe('check of every stream against the simulator', () => {
  it('asks for each listing once and for what is below a project only in the first project: the projects, the first issues page for the four child streams', async () => {
    const sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: 20 } });
    try {
      const seen: Array<{ action: string; params: string }> = [];
      sim.onRequest((request) => void seen.push({ action: request.action, params: JSON.stringify(request.params) }));
      const ctx = testRunContext(simulatorClient(sim), { team_name: sim.team, api_url: sim.apiUrl });
      const result = await check(ctx, STREAMS, 'issues');
      expect(result.succeeded, result.message).to.equal(true);
      const count = (action: string) => seen.filter((r) => r.action === action).length;
      expect(count('DescribeCodingProjects')).to.equal(1);
      expect(count('DescribeIssueListWithPage')).to.equal(1);
      // Below a project (its depots, CI jobs, issue types): asked for, but only of one project, the first.
      for (const action of ['DescribeProjectDepotInfoList', 'DescribeCodingCIJobs', 'DescribeProjectIssueTypeList']) {
        const asked = new Set(seen.filter((r) => r.action === action).map((r) => r.params));
        expect(asked.size, action).to.equal(1);
      }
    } finally {
      await sim.close();
    }
  });
});
