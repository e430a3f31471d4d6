import { expect } from 'chai';
import { startSimulator, type IssueDetail, type Iteration, type ProjectMember, type Simulator } from './index.js';
import { call, rawCall } from './test-support/api.js';

describe('the HTTP control endpoints', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 10 } });
  });
  afterEach(() => sim.close());

  const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${sim.origin}/_simulator${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  it('describes the simulator and its projects', async () => {
    const root = await control('GET', '');
    expect(root.status).to.equal(200);
    expect(root.json).to.deep.include({ team: 'acme', apiUrl: sim.apiUrl, projects: ['platform', 'mobile-app'] });
    expect((await control('GET', '/projects/platform')).json).to.deep.equal(sim.project('platform'));
    expect((await control('GET', '/projects/platform/issues')).json).to.deep.equal(sim.issueCodes('platform'));
  });

  it('creates, updates and deletes issues through the same store the API reads', async () => {
    const created = await control('POST', '/projects/platform/issues', { Name: 'from HTTP', Type: 'MISSION' });
    expect(created.status).to.equal(201);
    const code = (created.json as IssueDetail).Code;
    const patched = await control('PATCH', `/projects/platform/issues/${code}`, { Priority: '3' });
    expect((patched.json as IssueDetail).Priority).to.equal('3');
    const viaApi = await call(sim, 'DescribeIssue', { ProjectName: 'platform', IssueCode: code });
    expect((viaApi['Issue'] as IssueDetail).Name).to.equal('from HTTP');
    expect((await control('DELETE', `/projects/platform/issues/${code}`)).status).to.equal(204);
    expect((await call(sim, 'DescribeIssue', { ProjectName: 'platform', IssueCode: code })).Error?.Code).to.equal('ResourceNotFound');
  });

  it('manages iterations and members', async () => {
    const it = (await control('POST', '/projects/platform/iterations', { Name: 'HTTP sprint' })).json as Iteration;
    expect((await control('PATCH', `/projects/platform/iterations/${it.Code}`, { Status: 'COMPLETED' })).json).to.include({ Status: 'COMPLETED' });
    expect((await control('DELETE', `/projects/platform/iterations/${it.Code}`)).status).to.equal(204);
    const member = (await control('POST', '/projects/platform/members', { Name: 'http 用户' })).json as ProjectMember;
    const role = (await control('PATCH', `/projects/platform/members/${member.Id}`, { RoleType: 'ProjectManager' })).json as ProjectMember;
    expect(role.Roles[0]?.RoleType).to.equal('ProjectManager');
    expect((await control('DELETE', `/projects/platform/members/${member.Id}`)).status).to.equal(204);
    expect(sim.members('platform').map((m) => m.Id)).to.not.include(member.Id);
  });

  it('injects and clears faults, sets latency and rate limit, and reads and resets stats', async () => {
    expect((await control('POST', '/faults', { kind: 'http503', times: 1 })).status).to.equal(201);
    expect((await rawCall(sim, 'DescribeCodingCurrentUser')).status).to.equal(503);
    await control('POST', '/faults', { kind: 'http500' });
    expect((await control('DELETE', '/faults')).status).to.equal(204);
    expect((await rawCall(sim, 'DescribeCodingCurrentUser')).status).to.equal(200);

    await control('PUT', '/rate-limit', { requestsPerSecond: 1, burst: 1 });
    await call(sim, 'DescribeCodingCurrentUser');
    expect((await call(sim, 'DescribeCodingCurrentUser')).Error?.Code).to.equal('RequestLimitExceeded');
    await control('PUT', '/rate-limit', { requestsPerSecond: null });
    expect((await call(sim, 'DescribeCodingCurrentUser')).Error).to.equal(undefined);

    await control('PUT', '/latency', { ms: 80 });
    const t = Date.now();
    await call(sim, 'DescribeCodingCurrentUser');
    expect(Date.now() - t).to.be.at.least(75);
    await control('PUT', '/latency', { ms: 0 });

    const stats = (await control('GET', '/stats')).json as { total: number; byAction: Record<string, number>; rateLimited: number };
    expect(stats.total).to.equal(sim.stats.total).and.be.greaterThan(0);
    expect(stats.rateLimited).to.equal(1);
    expect(stats.byAction['DescribeCodingCurrentUser']).to.be.greaterThan(0);
    await control('DELETE', '/stats');
    expect(sim.stats.total).to.equal(0);
  });

  it('answers bad input with 400, unknown things with 404 and wrong methods with 405', async () => {
    expect((await control('POST', '/projects/platform/issues', { Type: 'SUB_TASK' })).status).to.equal(400);
    expect((await control('POST', '/faults', { kind: 'meteor' })).status).to.equal(400);
    expect((await control('PUT', '/latency', { ms: -1 })).status).to.equal(400);
    expect((await control('GET', '/projects/nope')).status).to.equal(404);
    expect((await control('PATCH', '/projects/platform/issues/999', {})).status).to.equal(404);
    expect((await control('GET', '/nothing-here')).status).to.equal(404);
    expect((await control('PUT', '/stats')).status).to.equal(405);
  });
});
