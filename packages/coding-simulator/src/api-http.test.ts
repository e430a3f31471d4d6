import { expect } from 'chai';
import { startSimulator, type Simulator } from './index.js';
import { call, ok, rawCall } from './test-support/api.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the simulated OpenAPI endpoint', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 30 } });
  });
  after(() => sim.close());

  describe('envelope', () => {
    it('wraps a success payload in Response beside a UUID RequestId, with a fresh RequestId per answer', async () => {
      const res = await rawCall(sim, 'DescribeCodingCurrentUser');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      const body = (await res.json()) as { Response: Record<string, unknown> };
      expect(Object.keys(body)).to.deep.equal(['Response']);
      expect(Object.keys(body.Response).sort()).to.deep.equal(['RequestId', 'User']);
      expect(body.Response['RequestId']).to.match(UUID);
      const again = await call(sim, 'DescribeCodingCurrentUser');
      expect(again.RequestId).to.match(UUID).and.not.equal(body.Response['RequestId']);
    });

    it('puts each action\'s payload under the key the reference lists', async () => {
      const projectId = sim.project('platform').Id;
      const keys: Array<[string, Record<string, unknown>, string]> = [
        ['DescribeCodingCurrentUser', {}, 'User'],
        ['DescribeCodingProjects', { PageNumber: 1, PageSize: 10 }, 'Data'],
        ['DescribeUserProjects', { UserId: 1 }, 'ProjectList'],
        ['DescribeProjectByName', { ProjectName: 'platform' }, 'Project'],
        ['DescribeIssueListWithPage', { ProjectName: 'platform', IssueType: 'ALL', PageNumber: 1, PageSize: 5 }, 'Data'],
        ['DescribeIssue', { ProjectName: 'platform', IssueCode: 1 }, 'Issue'],
        ['DescribeIterationList', { ProjectName: 'platform' }, 'Data'],
        ['DescribeIteration', { ProjectName: 'platform', IterationCode: 1 }, 'Iteration'],
        ['DescribeProjectMembers', { ProjectId: projectId, PageNumber: 1, PageSize: 5 }, 'Data'],
        ['DescribeTeamMembers', { PageNumber: 1, PageSize: 5 }, 'Data'],
        ['DescribeTeamIssueTypeList', {}, 'IssueTypes'],
      ];
      for (const [action, params, key] of keys) {
        const response = await ok(sim, action, params);
        expect(Object.keys(response).sort(), action).to.deep.equal([key, 'RequestId'].sort());
      }
    });

    it('answers API errors with HTTP 200 and Error{Code, Message} beside the RequestId', async () => {
      const res = await rawCall(sim, 'DescribeProjectByName', { ProjectName: 'no-such-project' });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { Response: Record<string, unknown> };
      expect(Object.keys(body.Response).sort()).to.deep.equal(['Error', 'RequestId']);
      expect(body.Response['Error']).to.have.property('Code', 'ResourceNotFound');
      expect(body.Response['RequestId']).to.match(UUID);
    });
  });

  describe('authentication', () => {
    const failure = { Code: 'AuthFailure', Message: 'User not found, authorization invalid' };

    it('refuses a request without Authorization with AuthFailure', async () => {
      const response = await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: null });
      expect(response.Error).to.deep.equal(failure);
      expect(response).to.not.have.property('User');
    });

    it('refuses an unknown token with AuthFailure', async () => {
      const response = await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `token ${'0'.repeat(40)}` });
      expect(response.Error).to.deep.equal(failure);
    });

    it('accepts the personal token as "token X" and the OAuth token as "Bearer X"', async () => {
      expect(sim.tokens.personal).to.match(/^[0-9a-f]{40}$/);
      const viaToken = await ok(sim, 'DescribeCodingCurrentUser', {}, { authorization: `token ${sim.tokens.personal}` });
      const viaBearer = await ok(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${sim.tokens.oauth}` });
      expect(viaBearer['User']).to.deep.equal(viaToken['User']);
    });

    it('refuses a token sent under the other scheme', async () => {
      expect((await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${sim.tokens.personal}` })).Error?.Code).to.equal('AuthFailure');
      expect((await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `token ${sim.tokens.oauth}` })).Error?.Code).to.equal('AuthFailure');
    });

    it('answers a token without a scope with InvalidParameterValue saying the permission is missing', async () => {
      const projectId = sim.project('platform').Id;
      const auth = { authorization: `token ${sim.tokens.noMemberScope}` };
      const denied = await call(sim, 'DescribeProjectMembers', { ProjectId: projectId, PageNumber: 1, PageSize: 10 }, auth);
      expect(denied.Error?.Code).to.equal('InvalidParameterValue');
      expect(denied.Error?.Message).to.match(/permission/i).and.include('project:member:ro');
      // The same token still reads what its scopes cover.
      await ok(sim, 'DescribeIssueListWithPage', { ProjectName: 'platform', IssueType: 'ALL', PageNumber: 1, PageSize: 1 }, auth);
    });
  });

  describe('request shape', () => {
    it('takes the Action from the query string when the body has none', async () => {
      const response = await ok(sim, 'DescribeProjectByName', { ProjectName: 'platform' }, { actionIn: 'query' });
      expect(response['Project']).to.have.property('Name', 'platform');
    });

    it('prefers the query Action over the body Action', async () => {
      const res = await fetch(`${sim.apiUrl}?Action=DescribeProjectByName`, {
        method: 'POST',
        headers: { Authorization: `token ${sim.tokens.personal}` },
        body: JSON.stringify({ Action: 'DescribeCodingCurrentUser', ProjectName: 'platform' }),
      });
      const body = (await res.json()) as { Response: Record<string, unknown> };
      expect(body.Response).to.have.property('Project');
      expect(body.Response).to.not.have.property('User');
    });

    it('accepts a trailing slash on /open-api/', async () => {
      const response = await ok(sim, 'DescribeCodingCurrentUser', {}, { path: '/open-api/' });
      expect(response).to.have.property('User');
    });

    it('matches parameter names case-insensitively', async () => {
      const response = await ok(sim, 'DescribeProjectByName', { projectname: 'platform' });
      expect(response['Project']).to.have.property('Name', 'platform');
    });

    it('answers an unknown Action with InvalidAction and a missing one with MissingParameter', async () => {
      expect((await call(sim, 'DescribeNothing')).Error?.Code).to.equal('InvalidAction');
      expect((await call(sim, 'toString')).Error?.Code).to.equal('InvalidAction');
      expect((await call(sim, '', {}, { actionIn: 'none' })).Error?.Code).to.equal('MissingParameter');
    });

    it('answers a missing required parameter with MissingParameter', async () => {
      const response = await call(sim, 'DescribeIssueListWithPage', { IssueType: 'ALL', PageNumber: 1, PageSize: 10 });
      expect(response.Error?.Code).to.equal('MissingParameter');
      expect(response.Error?.Message).to.include('ProjectName');
    });

    it('rejects PageSize 501 and accepts 500', async () => {
      const base = { ProjectName: 'platform', IssueType: 'ALL', PageNumber: 1 };
      expect((await call(sim, 'DescribeIssueListWithPage', { ...base, PageSize: 501 })).Error?.Code).to.equal('InvalidParameterValue');
      expect((await call(sim, 'DescribeIssueListWithPage', { ...base, PageSize: 500 })).Error).to.equal(undefined);
    });

    it('rejects values outside an enum with InvalidParameterValue', async () => {
      const base = { ProjectName: 'platform', PageNumber: 1, PageSize: 10 };
      expect((await call(sim, 'DescribeIssueListWithPage', { ...base, IssueType: 'SUB_TASK' })).Error?.Code).to.equal('InvalidParameterValue');
      expect((await call(sim, 'DescribeIssueListWithPage', { ...base, IssueType: 'ALL', SortKey: 'NAME' })).Error?.Code).to.equal('InvalidParameterValue');
      expect((await call(sim, 'DescribeIssueListWithPage', { ...base, IssueType: 'ALL', SortValue: 'UP' })).Error?.Code).to.equal('InvalidParameterValue');
    });

    it('answers a body that is not a JSON object with InvalidParameter', async () => {
      const res = await fetch(sim.apiUrl, { method: 'POST', headers: { Authorization: `token ${sim.tokens.personal}` }, body: '[1,2' });
      const body = (await res.json()) as { Response: { Error: { Code: string } } };
      expect(body.Response.Error.Code).to.equal('InvalidParameter');
    });

    it('serves only POST on /open-api and 404 elsewhere', async () => {
      expect((await fetch(sim.apiUrl)).status).to.equal(405);
      expect((await fetch(`${sim.origin}/elsewhere`, { method: 'POST' })).status).to.equal(404);
    });
  });

  describe('counting', () => {
    it('counts every API request by Action, including refused ones', async () => {
      sim.stats.reset();
      await call(sim, 'DescribeCodingCurrentUser');
      await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: null });
      await call(sim, 'DescribeProjectByName', { ProjectName: 'platform' });
      expect(sim.stats.total).to.equal(3);
      expect(sim.stats.byAction).to.deep.equal({ DescribeCodingCurrentUser: 2, DescribeProjectByName: 1 });
    });
  });
});
