import { expect } from 'chai';
import { SimulatorInputError, startSimulator, type IssueListItem, type Simulator } from './index.js';
import { call, describeIssue, listAllIssues, listIssues, ok, type IterationPage, type MemberPage } from './test-support/api.js';

const P = 'platform';
const T0 = Date.UTC(2025, 0, 10, 4, 0, 0);

describe('control mutations', () => {
  let sim: Simulator;
  let clock = T0;
  beforeEach(async () => {
    clock = T0;
    sim = await startSimulator({ now: () => clock });
  });
  afterEach(() => sim.close());

  describe('issues', () => {
    it('creates an issue with the next code and the clock\'s time, visible to the next request', async () => {
      const before = sim.issueCodes(P);
      const created = sim.control.createIssue(P, { Name: '新需求 🚀', Type: 'REQUIREMENT', Priority: '2' });
      expect(created.Code).to.equal(Math.max(...before) + 1);
      expect(created).to.include({ CreatedAt: T0, UpdatedAt: T0, Name: '新需求 🚀', Type: 'REQUIREMENT', Priority: '2', CompletedAt: 0 });
      expect(await describeIssue(sim, P, created.Code)).to.deep.equal(created);
      const list = await listIssues(sim, { ProjectName: P, PageSize: 1 });
      expect(list.List[0]?.Code).to.equal(created.Code);
    });

    it('honours explicit CreatedAt and UpdatedAt', () => {
      const created = sim.control.createIssue(P, { CreatedAt: 1_700_000_000_000, UpdatedAt: 1_700_000_000_500 });
      expect(created).to.include({ CreatedAt: 1_700_000_000_000, UpdatedAt: 1_700_000_000_500 });
    });

    it('moves UpdatedAt to max(now, previous + 1) on update, or to the explicit value', () => {
      const code = sim.issueCodes(P)[0] ?? 0;
      const previous = sim.issueDetail(P, code).UpdatedAt;
      clock = previous - 60_000; // a clock behind the data must still move UpdatedAt forward
      expect(sim.control.updateIssue(P, code, { Name: 'renamed' }).UpdatedAt).to.equal(previous + 1);
      clock = T0;
      expect(sim.control.updateIssue(P, code, { Priority: '3' }).UpdatedAt).to.equal(T0);
      expect(sim.control.updateIssue(P, code, { UpdatedAt: T0 + 5 }).UpdatedAt).to.equal(T0 + 5);
      expect(sim.issueDetail(P, code)).to.include({ Name: 'renamed', Priority: '3' });
    });

    it('sets CompletedAt when an issue reaches a completed status and clears it when reopened', () => {
      const code = sim.issueCodes(P).find((c) => sim.issueDetail(P, c).IssueStatusType === 'TODO') ?? 0;
      const done = sim.control.updateIssue(P, code, { IssueStatusType: 'COMPLETED' });
      expect(done).to.include({ IssueStatusType: 'COMPLETED', CompletedAt: T0 });
      clock = T0 + 1000;
      expect(sim.control.updateIssue(P, code, { IssueStatusType: 'PROCESSING' }).CompletedAt).to.equal(0);
    });

    it('removes a deleted issue from lists and answers DescribeIssue for it with ResourceNotFound', async () => {
      const total = (await listIssues(sim, { ProjectName: P, ShowSubIssues: true })).TotalCount;
      const victim = sim.issueCodes(P).find((c) => sim.issueDetail(P, c).SubTasks.length === 0 && sim.issueDetail(P, c).Type !== 'EPIC') ?? 0;
      sim.control.deleteIssue(P, victim);
      const after = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true });
      expect(after.length).to.equal(total - 1);
      expect(after.map((i) => i.Code)).to.not.include(victim);
      const response = await call(sim, 'DescribeIssue', { ProjectName: P, IssueCode: victim });
      expect(response.Error?.Code).to.equal('ResourceNotFound');
      expect(() => sim.issueDetail(P, victim)).to.throw(/no issue/);
    });

    it('deletes the sub-tasks of a deleted parent', () => {
      const parent = sim.issueCodes(P).find((c) => sim.issueDetail(P, c).SubTasks.length > 0) ?? 0;
      const subTasks = sim.issueDetail(P, parent).SubTasks.map((s) => s.Code);
      sim.control.deleteIssue(P, parent);
      for (const c of [parent, ...subTasks]) expect(sim.issueCodes(P)).to.not.include(c);
    });

    it('refuses inconsistent input with SimulatorInputError', () => {
      expect(() => sim.control.createIssue(P, { Type: 'SUB_TASK' })).to.throw(SimulatorInputError);
      expect(() => sim.control.createIssue(P, { IterationCode: 999 })).to.throw(SimulatorInputError);
      expect(() => sim.control.updateIssue(P, 1, { Priority: '9' as '3' })).to.throw(SimulatorInputError);
    });
  });

  describe('between page requests', () => {
    it('shows a change made by an onRequest hook to the page being answered', async () => {
      const query = { ProjectName: P, ShowSubIssues: true, SortKey: 'UPDATED_AT', SortValue: 'ASC', PageSize: 5 };
      const before = await listAllIssues(sim, query, 500);
      const page1 = await listIssues(sim, { ...query, PageNumber: 1 });
      const moved = page1.List[0] as IssueListItem;
      const seen: Array<{ action: string; page: unknown; seq: number }> = [];
      const off = sim.onRequest(async (req) => {
        seen.push({ action: req.action, page: req.params['PageNumber'], seq: req.seq });
        if (req.params['PageNumber'] === 2) {
          await new Promise((r) => setTimeout(r, 10)); // hooks may be async
          sim.control.updateIssue(P, moved.Code, { Name: 'touched between pages' });
        }
      });
      try {
        const page2 = await listIssues(sim, { ...query, PageNumber: 2 });
        const reordered = [...before.filter((i) => i.Code !== moved.Code), { ...moved }];
        expect(page2.List.map((i) => i.Code)).to.deep.equal(reordered.slice(5, 10).map((i) => i.Code));
        expect(seen).to.have.length(1);
        expect(seen[0]).to.include({ action: 'DescribeIssueListWithPage', page: 2 });
        const last = await listIssues(sim, { ...query, PageNumber: page2.TotalPage });
        expect(last.List.at(-1)).to.include({ Code: moved.Code, Name: 'touched between pages' });
        expect(seen[1]?.seq).to.equal((seen[0]?.seq ?? 0) + 1);
      } finally {
        off();
      }
      await listIssues(sim, { ...query, PageNumber: 1 });
      expect(seen).to.have.length(2); // unsubscribed
    });
  });

  describe('iterations and members', () => {
    it('creates, updates and deletes iterations, detaching their issues', async () => {
      const created = sim.control.createIteration(P, { Name: 'Sprint 99', StartAt: T0, EndAt: T0 + 86_400_000 * 14 });
      expect(created).to.include({ Code: 9, Name: 'Sprint 99', Status: 'WAIT_PROCESS', CreatedAt: T0 });
      const listed = (await ok(sim, 'DescribeIterationList', { ProjectName: P, Offset: 1, Limit: 50 }))['Data'] as IterationPage;
      expect(listed.List.map((i) => i.Code)).to.include(9);
      clock = T0 + 1000;
      expect(sim.control.updateIteration(P, 9, { Status: 'PROCESSING' })).to.include({ Status: 'PROCESSING', UpdatedAt: T0 + 1000 });
      const member = sim.issueCodes(P).find((c) => sim.issueDetail(P, c).Iteration.Code === 1) ?? 0;
      expect(member).to.be.greaterThan(0);
      sim.control.deleteIteration(P, 1);
      expect(sim.iterations(P).map((i) => i.Code)).to.not.include(1);
      expect(sim.issueDetail(P, member).Iteration).to.deep.equal({ Code: 0, Id: 0, Name: '', Status: '' });
    });

    it('adds members, changes their role and removes them', async () => {
      const projectId = sim.project(P).Id;
      const members = async (): Promise<MemberPage> =>
        (await ok(sim, 'DescribeProjectMembers', { ProjectId: projectId, PageNumber: 1, PageSize: 100 }))['Data'] as MemberPage;
      const added = sim.control.addMember(P, { Name: '新同学', RoleType: 'ProjectGuest' });
      expect(added.Roles.map((r) => r.RoleType)).to.deep.equal(['ProjectGuest']);
      expect((await members()).ProjectMembers.map((m) => m.Id)).to.include(added.Id);
      const other = sim.members('mobile-app').find((m) => !sim.members(P).some((x) => x.Id === m.Id));
      if (other) expect(sim.control.addMember(P, { UserId: other.Id }).Id).to.equal(other.Id);
      expect(sim.control.updateMemberRole(P, added.Id, 'ProjectAdmin').Roles[0]?.RoleType).to.equal('ProjectAdmin');
      sim.control.removeMember(P, added.Id);
      expect((await members()).ProjectMembers.map((m) => m.Id)).to.not.include(added.Id);
    });
  });
});
