import { expect } from 'chai';
import { startSimulator, type Project, type Simulator } from './index.js';
import { call, ok, type IterationPage, type MemberPage } from './test-support/api.js';

describe('iterations, members and projects over the API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: 40, iterationsPerProject: 11, membersPerProject: 9 } });
  });
  after(() => sim.close());

  describe('DescribeIterationList', () => {
    const page = async (params: Record<string, unknown>): Promise<IterationPage> =>
      (await ok(sim, 'DescribeIterationList', { ProjectName: 'platform', ...params }))['Data'] as IterationPage;

    it('reads Offset as a 1-based page number and Limit as the page size', async () => {
      const first = await page({ Offset: 1, Limit: 4 });
      expect(first).to.include({ Page: 1, PageSize: 4, TotalRow: 11, TotalPage: 3 });
      const codes: number[] = [];
      for (let offset = 1; offset <= 3; offset++) codes.push(...(await page({ Offset: offset, Limit: 4 })).List.map((i) => i.Code));
      expect(codes).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect((await page({ Offset: 3, Limit: 4 })).List).to.have.length(3);
    });

    it('treats Offset 0 as page 1 and defaults Limit to 20', async () => {
      const zero = await page({ Offset: 0, Limit: 4 });
      expect(zero.List.map((i) => i.Code)).to.deep.equal([1, 2, 3, 4]);
      const defaults = await page({});
      expect(defaults).to.include({ Page: 1, PageSize: 20, TotalRow: 11 });
      expect(defaults.List).to.have.length(11);
      expect(defaults.List).to.deep.equal(sim.iterations('platform'));
    });

    it('rejects Limit above 500', async () => {
      const response = await call(sim, 'DescribeIterationList', { ProjectName: 'platform', Offset: 1, Limit: 501 });
      expect(response.Error?.Code).to.equal('InvalidParameterValue');
    });

    it('filters by Status and keywords (also spelled in lower case, as tapdata does)', async () => {
      const done = await page({ Status: ['COMPLETED'] });
      expect(done.List.length).to.equal(sim.iterations('platform').filter((i) => i.Status === 'COMPLETED').length).and.be.greaterThan(0);
      const backlog = await page({ keywords: '需求池' });
      expect(backlog.List.map((i) => i.StartAt)).to.deep.equal([-28_800_000]);
    });

    it('describes one iteration, and answers an unknown code with ResourceNotFound', async () => {
      const one = await ok(sim, 'DescribeIteration', { ProjectName: 'platform', IterationCode: 2 });
      expect(one['Iteration']).to.deep.equal(sim.iterations('platform')[1]);
      expect((await call(sim, 'DescribeIteration', { ProjectName: 'platform', IterationCode: 99 })).Error?.Code).to.equal('ResourceNotFound');
    });
  });

  describe('DescribeProjectMembers', () => {
    it('finds members by the ProjectId that DescribeProjectByName gives, page by page', async () => {
      const project = (await ok(sim, 'DescribeProjectByName', { ProjectName: 'mobile-app' }))['Project'] as Project;
      const ids: number[] = [];
      for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
        const data = (await ok(sim, 'DescribeProjectMembers', { ProjectId: project.Id, PageNumber: pageNumber, PageSize: 4 }))['Data'] as MemberPage;
        expect(data).to.include({ PageNumber: pageNumber, PageSize: 4, TotalCount: 9 });
        ids.push(...data.ProjectMembers.map((m) => m.Id));
      }
      expect(ids).to.deep.equal(sim.members('mobile-app').map((m) => m.Id));
      const member = sim.members('mobile-app')[0];
      expect(member?.Roles[0]).to.include.keys('RoleId', 'RoleType', 'RoleTypeName');
    });

    it('answers an unknown ProjectId with ResourceNotFound and a missing one with MissingParameter', async () => {
      expect((await call(sim, 'DescribeProjectMembers', { ProjectId: 1, PageNumber: 1, PageSize: 10 })).Error?.Code).to.equal('ResourceNotFound');
      expect((await call(sim, 'DescribeProjectMembers', { PageNumber: 1, PageSize: 10 })).Error?.Code).to.equal('MissingParameter');
    });
  });

  describe('projects and users', () => {
    it('lists the projects of the current user with DescribeUserProjects', async () => {
      const me = (await ok(sim, 'DescribeCodingCurrentUser'))['User'] as { Id: number };
      const response = await ok(sim, 'DescribeUserProjects', { userId: me.Id });
      const names = (response['ProjectList'] as Project[]).map((p) => p.Name);
      expect(names.sort()).to.deep.equal(sim.projectNames().sort());
      const stranger = await ok(sim, 'DescribeUserProjects', { UserId: 1 });
      expect(stranger['ProjectList']).to.deep.equal([]);
    });

    it('pages DescribeCodingProjects and filters it by name', async () => {
      const data = (await ok(sim, 'DescribeCodingProjects', { PageNumber: 1, PageSize: 2 }))['Data'] as { TotalCount: number; ProjectList: Project[] };
      expect(data.TotalCount).to.equal(3);
      expect(data.ProjectList).to.have.length(2);
      const filtered = (await ok(sim, 'DescribeCodingProjects', { PageNumber: 1, PageSize: 10, ProjectName: 'ware' }))['Data'] as { ProjectList: Project[] };
      expect(filtered.ProjectList.map((p) => p.Name)).to.deep.equal(['data-warehouse']);
    });

    it('lists team members, including users in no project', async () => {
      const data = (await ok(sim, 'DescribeTeamMembers', { PageNumber: 1, PageSize: 500 }))['Data'] as { TotalCount: number; TeamMembers: Array<{ Id: number; Status: number }> };
      const inProjects = new Set(sim.projectNames().flatMap((p) => sim.members(p).map((m) => m.Id)));
      expect(data.TeamMembers.length).to.equal(data.TotalCount);
      expect(data.TeamMembers.some((m) => !inProjects.has(m.Id) && m.Status === -3)).to.equal(true);
    });
  });
});
