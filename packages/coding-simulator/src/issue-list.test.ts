import { expect } from 'chai';
import { DATASET_FACTS, startSimulator, type IssueListItem, type Simulator } from './index.js';
import { call, describeIssue, listAllIssues, listIssues } from './test-support/api.js';

const P = 'platform';

/** The Asia/Shanghai calendar date, computed independently of the simulator's helpers. */
function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function allItems(sim: Simulator, project = P): IssueListItem[] {
  return sim.issueCodes(project).map((c) => sim.issueListItem(project, c));
}

describe('DescribeIssueListWithPage and DescribeIssue', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  describe('paging', () => {
    it('reports totals and splits the ordered list into pages that add up to every issue exactly once', async () => {
      const codes = sim.issueCodes(P);
      const first = await listIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC', PageSize: 7 });
      expect(first.TotalCount).to.equal(codes.length);
      expect(first.TotalPage).to.equal(Math.ceil(codes.length / 7));
      expect(first).to.include({ PageNumber: 1, PageSize: 7 });
      const seen: number[] = [];
      for (let page = 1; page <= first.TotalPage; page++) {
        const data = await listIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC', PageSize: 7, PageNumber: page });
        expect(data.PageNumber).to.equal(page);
        expect(data.List.length).to.equal(page < first.TotalPage ? 7 : codes.length - 7 * (first.TotalPage - 1));
        seen.push(...data.List.map((i) => i.Code));
      }
      expect(seen).to.deep.equal(codes);
    });

    it('treats PageNumber 0 as the first page and answers past the end with an empty list', async () => {
      const zero = await listIssues(sim, { ProjectName: P, PageNumber: 0, PageSize: 5 });
      const one = await listIssues(sim, { ProjectName: P, PageNumber: 1, PageSize: 5 });
      expect(zero.List.map((i) => i.Code)).to.deep.equal(one.List.map((i) => i.Code));
      const past = await listIssues(sim, { ProjectName: P, PageNumber: 999, PageSize: 5 });
      expect(past.List).to.deep.equal([]);
      expect(past.TotalCount).to.equal(one.TotalCount);
    });

    it('sorts by CODE descending when no sort is given', async () => {
      const data = await listIssues(sim, { ProjectName: P, ShowSubIssues: true, PageSize: 500 });
      expect(data.List.map((i) => i.Code)).to.deep.equal([...sim.issueCodes(P)].reverse());
    });

    it('answers an unknown project with ResourceNotFound', async () => {
      const response = await call(sim, 'DescribeIssueListWithPage', { ProjectName: 'nope', IssueType: 'ALL', PageNumber: 1, PageSize: 10 });
      expect(response.Error?.Code).to.equal('ResourceNotFound');
    });
  });

  describe('UPDATED_AT and CREATED_AT ranges', () => {
    const before = shanghaiDay(DATASET_FACTS.lastMsBeforeBoundary);
    const after = shanghaiDay(DATASET_FACTS.dayStartAt);

    it('has the boundary issues on two Shanghai days that are one UTC day', () => {
      expect(before).to.equal('2024-05-31');
      expect(after).to.equal('2024-06-01');
      expect(new Date(DATASET_FACTS.lastMsBeforeBoundary).toISOString()).to.equal('2024-05-31T15:59:59.999Z');
      expect(new Date(DATASET_FACTS.dayStartAt).toISOString()).to.equal('2024-05-31T16:00:00.000Z');
    });

    it('counts 23:59:59.999 at UTC+8 in that day and 00:00:00.000 in the next', async () => {
      for (const day of [before, after]) {
        const listed = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC', Conditions: [{ Key: 'UPDATED_AT', Value: `${day}_${day}` }] });
        const expected = allItems(sim).filter((i) => shanghaiDay(i.UpdatedAt) === day).map((i) => i.Code);
        expect(listed.map((i) => i.Code), day).to.deep.equal(expected);
      }
      const lastDay = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, Conditions: [{ Key: 'UPDATED_AT', Value: `${before}_${before}` }] });
      const nextDay = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, Conditions: [{ Key: 'UPDATED_AT', Value: `${after}_${after}` }] });
      const lastStamps = lastDay.map((i) => i.UpdatedAt);
      const nextStamps = nextDay.map((i) => i.UpdatedAt);
      expect(lastStamps).to.include(DATASET_FACTS.lastMsBeforeBoundary).and.not.include(DATASET_FACTS.dayStartAt);
      expect(nextStamps).to.include(DATASET_FACTS.dayStartAt).and.not.include(DATASET_FACTS.lastMsBeforeBoundary);
    });

    it('reads an open-ended range the way tapdata sends it', async () => {
      const listed = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, Conditions: [{ Key: 'UPDATED_AT', Value: `${after}_9999-12-31` }] });
      const expected = allItems(sim).filter((i) => i.UpdatedAt >= DATASET_FACTS.dayStartAt);
      expect(listed.length).to.equal(expected.length).and.be.greaterThan(0);
    });

    it('accepts datetimes, closed at the second they name', async () => {
      const listed = await listAllIssues(sim, {
        ProjectName: P,
        ShowSubIssues: true,
        Conditions: [{ Key: 'UPDATED_AT', Value: '2024-05-31 23:59:59_2024-06-01 00:00:00' }],
      });
      const stamps = new Set(listed.map((i) => i.UpdatedAt));
      expect([...stamps].sort()).to.deep.equal([DATASET_FACTS.lastMsBeforeBoundary, DATASET_FACTS.dayStartAt]);
      expect(listed.length).to.equal(2 * DATASET_FACTS.boundaryIssues);
    });

    it('takes Conditions as one object as well as an array, and filters CREATED_AT the same way', async () => {
      const asObject = await listIssues(sim, { ProjectName: P, ShowSubIssues: true, Conditions: { Key: 'CREATED_AT', Value: '1000-01-01_2023-06-30' } });
      const asArray = await listIssues(sim, { ProjectName: P, ShowSubIssues: true, Conditions: [{ Key: 'CREATED_AT', Value: '1000-01-01_2023-06-30' }] });
      const expected = allItems(sim).filter((i) => shanghaiDay(i.CreatedAt) <= '2023-06-30').length;
      expect(asObject.TotalCount).to.equal(expected).and.equal(asArray.TotalCount);
      expect(expected).to.be.greaterThan(0).and.lessThan(sim.issueCodes(P).length);
    });

    it('rejects a malformed range with InvalidParameterValue', async () => {
      for (const value of ['2024-06-01', '2024-13-01_2024-12-31', '2024-02-30_2024-03-01', 'yesterday_today']) {
        const response = await call(sim, 'DescribeIssueListWithPage', {
          ProjectName: P, IssueType: 'ALL', PageNumber: 1, PageSize: 10, Conditions: [{ Key: 'UPDATED_AT', Value: value }],
        });
        expect(response.Error?.Code, value).to.equal('InvalidParameterValue');
      }
    });
  });

  describe('other conditions', () => {
    it('filters by ITERATION codes, ASSIGNEE, STATUS_TYPE, ISSUE_TYPE and KEYWORD', async () => {
      const items = allItems(sim);
      const assignee = items.find((i) => i.AssigneeId !== 0)?.AssigneeId ?? 0;
      const cases: Array<[{ Key: string; Value: string }, (i: IssueListItem) => boolean]> = [
        [{ Key: 'ITERATION', Value: '1,3' }, (i) => i.Iteration.Code === 1 || i.Iteration.Code === 3],
        [{ Key: 'ASSIGNEE', Value: String(assignee) }, (i) => i.AssigneeId === assignee],
        [{ Key: 'STATUS_TYPE', Value: 'COMPLETED' }, (i) => i.IssueStatusType === 'COMPLETED'],
        [{ Key: 'ISSUE_TYPE', Value: 'DEFECT,EPIC' }, (i) => i.Type === 'DEFECT' || i.Type === 'EPIC'],
        [{ Key: 'KEYWORD', Value: '登录' }, (i) => i.Name.includes('登录')],
      ];
      for (const [condition, predicate] of cases) {
        const listed = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC', Conditions: [condition] });
        const expected = items.filter(predicate).map((i) => i.Code);
        expect(expected.length, condition.Key).to.be.greaterThan(0);
        expect(listed.map((i) => i.Code), condition.Key).to.deep.equal(expected);
      }
    });

    it('combines conditions with AND', async () => {
      const listed = await listAllIssues(sim, {
        ProjectName: P, ShowSubIssues: true,
        Conditions: [{ Key: 'ISSUE_TYPE', Value: 'DEFECT' }, { Key: 'STATUS_TYPE', Value: 'TODO,PROCESSING' }],
      });
      const expected = allItems(sim).filter((i) => i.Type === 'DEFECT' && i.IssueStatusType !== 'COMPLETED');
      expect(listed.length).to.equal(expected.length).and.be.greaterThan(0);
    });

    it('rejects an unknown condition key with InvalidParameterValue', async () => {
      const response = await call(sim, 'DescribeIssueListWithPage', {
        ProjectName: P, IssueType: 'ALL', PageNumber: 1, PageSize: 10, Conditions: [{ Key: 'MOOD', Value: 'happy' }],
      });
      expect(response.Error?.Code).to.equal('InvalidParameterValue');
    });
  });

  describe('sub-issues', () => {
    it('lists SUB_TASK items under ALL only when ShowSubIssues is true', async () => {
      const items = allItems(sim);
      const subTasks = items.filter((i) => i.Type === 'SUB_TASK').length;
      expect(subTasks).to.be.greaterThan(0);
      const without = await listAllIssues(sim, { ProjectName: P });
      const withSubs = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true });
      expect(without.some((i) => i.Type === 'SUB_TASK')).to.equal(false);
      expect(without.length).to.equal(items.length - subTasks);
      expect(withSubs.length).to.equal(items.length);
      const excluded = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, ExcludeSubTask: true });
      expect(excluded.length).to.equal(items.length - subTasks);
    });

    it('lists a single type with the sub-tasks whose parent has that type', async () => {
      const listed = await listAllIssues(sim, { ProjectName: P, IssueType: 'REQUIREMENT', ShowSubIssues: true });
      const expected = allItems(sim).filter((i) => i.ParentType === 'REQUIREMENT');
      expect(listed.map((i) => i.Code).sort((a, b) => a - b)).to.deep.equal(expected.map((i) => i.Code));
      expect(listed.some((i) => i.Type === 'SUB_TASK')).to.equal(true);
      expect(listed.every((i) => i.Type === 'REQUIREMENT' || i.Type === 'SUB_TASK')).to.equal(true);
    });
  });

  describe('list item and detail', () => {
    const listOnly = ['AssigneeId', 'CreatorId', 'ParentId', 'ParentCode'];
    const detailOnly = ['Assignee', 'Creator', 'Watchers', 'Files', 'Epic', 'Parent', 'SubTasks', 'ProjectModule', 'DefectType', 'RequirementType', 'ThirdLinks', 'Project'];

    it('gives the list its IssueListData view and DescribeIssue its detail view, agreeing on every shared field', async () => {
      const list = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true });
      const subTask = list.find((i) => i.Type === 'SUB_TASK');
      const inEpic = list.find((i) => i.Type === 'REQUIREMENT' && sim.issueDetail(P, i.Code).Epic.Code !== 0);
      expect(subTask, 'a sub-task').to.not.equal(undefined);
      expect(inEpic, 'a requirement in an epic').to.not.equal(undefined);
      for (const item of [subTask, inEpic, list[0]]) {
        if (!item) continue;
        const detail = await describeIssue(sim, P, item.Code);
        expect(item).to.include.keys(listOnly);
        expect(item).to.not.have.any.keys(detailOnly);
        expect(detail).to.include.keys(detailOnly);
        expect(detail).to.not.have.any.keys(listOnly);
        for (const key of Object.keys(item).filter((k) => !listOnly.includes(k))) {
          expect((detail as unknown as Record<string, unknown>)[key], key).to.deep.equal((item as unknown as Record<string, unknown>)[key]);
        }
        expect(detail.Assignee.Id).to.equal(item.AssigneeId);
        expect(detail.Creator.Id).to.equal(item.CreatorId);
        expect(detail.Parent.Code).to.equal(item.ParentCode);
        expect(sim.issueListItem(P, item.Code)).to.deep.equal(item);
        expect(sim.issueDetail(P, item.Code)).to.deep.equal(detail);
      }
    });

    it('links a sub-task and its parent both ways', async () => {
      const sub = allItems(sim).find((i) => i.Type === 'SUB_TASK');
      if (!sub) throw new Error('no sub-task in the dataset');
      const parent = await describeIssue(sim, P, sub.ParentCode);
      expect(sub.ParentType).to.equal(parent.Type);
      expect(sub.ParentId).to.be.greaterThan(0);
      expect(parent.SubTasks.map((s) => s.Code)).to.include(sub.Code);
      const detail = await describeIssue(sim, P, sub.Code);
      expect(detail.Parent).to.include({ Code: parent.Code, Name: parent.Name, Type: parent.Type, IssueStatusType: parent.IssueStatusType });
    });

    it('answers an unknown code with ResourceNotFound', async () => {
      const response = await call(sim, 'DescribeIssue', { ProjectName: P, IssueCode: 99_999 });
      expect(response.Error?.Code).to.equal('ResourceNotFound');
    });
  });
});

describe('tie order in issue sorting', () => {
  for (const tieOrder of ['code-asc', 'code-desc'] as const) {
    it(`orders equal UpdatedAt by code (${tieOrder}) in both directions and the same way on every page`, async () => {
      const sim = await startSimulator({ tieOrder });
      try {
        for (const direction of ['ASC', 'DESC']) {
          const whole = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'UPDATED_AT', SortValue: direction });
          const paged = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'UPDATED_AT', SortValue: direction }, 5);
          expect(paged.map((i) => i.Code)).to.deep.equal(whole.map((i) => i.Code));
          for (let k = 1; k < whole.length; k++) {
            const a = whole[k - 1] as IssueListItem;
            const b = whole[k] as IssueListItem;
            const d = direction === 'ASC' ? b.UpdatedAt - a.UpdatedAt : a.UpdatedAt - b.UpdatedAt;
            expect(d).to.be.at.least(0);
            if (d === 0) expect(tieOrder === 'code-asc' ? b.Code > a.Code : b.Code < a.Code).to.equal(true);
          }
          const bulk = whole.filter((i) => i.UpdatedAt === DATASET_FACTS.bulkEditAt).map((i) => i.Code);
          expect(bulk.length).to.equal(DATASET_FACTS.bulkEditSize);
          const sorted = [...bulk].sort((x, y) => (tieOrder === 'code-asc' ? x - y : y - x));
          expect(bulk).to.deep.equal(sorted);
        }
      } finally {
        await sim.close();
      }
    });
  }

  it('sorts PRIORITY with the unset priority lowest', async () => {
    const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 60 } });
    try {
      const list = await listAllIssues(sim, { ProjectName: P, ShowSubIssues: true, SortKey: 'PRIORITY', SortValue: 'ASC' });
      const ranks = list.map((i) => (i.Priority === '' ? -1 : Number(i.Priority)));
      expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
      expect(ranks[0]).to.equal(-1);
    } finally {
      await sim.close();
    }
  });
});
