import { expect } from 'chai';
import { MAX_STATUS_LOG_CODES } from './actions/describe-issue-status-change-log-list.js';
import { ApiError, startSimulator, type IssueListItem, type Simulator } from './index.js';
import { call, ok } from './test-support/api.js';
import { receiver, type Received } from './test-support/hook-receiver.js';
import { UNPARSABLE_INTEGER } from './tables/custom-field-values.js';

const P = 'platform';
const T0 = Date.UTC(2025, 0, 10, 4, 0, 0);

function errorCode(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe('the issue workflow: seeded comments, work logs, status histories, blockers, definitions, custom-field values', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 7, dataset: { projects: 3, issuesPerProject: 80 } });
  });
  after(() => sim.close());

  const issuesOf = (project: string): IssueListItem[] => sim.issueCodes(project).map((code) => sim.issueListItem(project, code));

  it('writes every comment and work log between its issue’s creation and last update; replies answer comments of the same issue', () => {
    let comments = 0;
    let logs = 0;
    for (const project of sim.projectNames()) {
      for (const issue of issuesOf(project)) {
        const own = sim.list('DescribeIssueCommentList', { ProjectName: project, IssueCode: issue.Code });
        comments += own.length;
        for (const c of own) {
          expect(c.CreatedAt).to.be.within(issue.CreatedAt, issue.UpdatedAt);
          expect(c.UpdatedAt).to.be.within(c.CreatedAt, issue.UpdatedAt);
          if (c.ParentId !== 0) expect(own.map((o) => o.CommentId)).to.include(c.ParentId);
        }
        const worked = sim.list('DescribeIssueWorkLogList', { ProjectName: project, IssueCode: issue.Code });
        logs += worked.length;
        for (const w of worked) {
          expect(w).to.include({ IssueCode: issue.Code, ProjectName: project });
          expect(w.CreatedAt).to.be.within(issue.CreatedAt, issue.UpdatedAt);
          expect(w.StartAt).to.be.at.most(w.CreatedAt);
          expect(w.RemainingHours).to.be.within(0, Math.max(0, issue.WorkingHours));
        }
      }
      expect(sim.list('DescribeIssueCommentList', { ProjectName: project, IssueCode: 1 }), `${project}: issue 1 has comments`).to.not.be.empty;
      expect(sim.list('DescribeIssueWorkLogList', { ProjectName: project, IssueCode: 1 }), `${project}: issue 1 has work logs`).to.not.be.empty;
    }
    expect(comments).to.be.greaterThan(100);
    expect(logs).to.be.greaterThan(30);
    const text = sim.projectNames().flatMap((p) => sim.issueCodes(p).flatMap((code) => sim.list('DescribeIssueCommentList', { ProjectName: p, IssueCode: code }).map((c) => c.RawContent)));
    expect(text.some((t) => /[\u4e00-\u9fff]/.test(t)), 'comments in Chinese').to.equal(true);
    expect(text.some((t) => /\p{Extended_Pictographic}/u.test(t)), 'comments with emoji').to.equal(true);
  });

  it('gives every issue a status history that starts at its creation, ends in its current status, never after UpdatedAt, within its type’s workflow', () => {
    for (const project of sim.projectNames()) {
      const issues = issuesOf(project);
      const history = sim.list('DescribeIssueStatusChangeLogList', { ProjectName: project, IssueCode: issues.slice(0, MAX_STATUS_LOG_CODES).map((i) => i.Code) });
      for (const issue of issues.slice(0, MAX_STATUS_LOG_CODES)) {
        const own = history.filter((h) => h.IssueCode === issue.Code);
        expect(own, `${project}/${issue.Code}`).to.not.be.empty;
        expect(own[0]?.CreatedAt).to.equal(issue.CreatedAt);
        expect(own.at(-1)?.StatusId).to.equal(issue.IssueStatusId);
        expect(own.at(-1)?.StatusName).to.equal(issue.IssueStatusName);
        for (let i = 1; i < own.length; i++) expect(own[i]?.CreatedAt).to.be.greaterThan(own[i - 1]?.CreatedAt ?? Infinity);
        for (const entry of own) expect(entry.CreatedAt).to.be.at.most(issue.UpdatedAt);
        const workflow = sim.list('DescribeProjectIssueStatusList', { ProjectName: project, IssueType: issue.Type }).map((s) => s.IssueStatusId);
        for (const entry of own) expect(workflow, `${project}/${issue.Code} ${issue.Type}`).to.include(entry.StatusId);
      }
      expect(history.some((h) => h.IssueStatus.Type === 'PROCESSING'), 'some issues went through work in progress').to.equal(true);
    }
  });

  it('has several issue types per project, each with its own statuses (the default first) and fields', () => {
    const types = sim.list('DescribeProjectIssueTypeList', { ProjectName: P });
    expect(types.map((t) => t.IssueType)).to.include.members(['EPIC', 'REQUIREMENT', 'DEFECT', 'MISSION', 'SUB_TASK']);
    expect(types.some((t) => !t.IsSystem), 'custom types too').to.equal(true);
    const defect = sim.list('DescribeProjectIssueStatusList', { ProjectName: P, IssueType: 'DEFECT' });
    const requirement = sim.list('DescribeProjectIssueStatusList', { ProjectName: P, IssueType: 'REQUIREMENT' });
    expect(defect[0]).to.deep.include({ IsDefault: true, Sort: 1 });
    expect(defect[0]?.IssueStatus.Name).to.equal('待处理');
    expect(requirement[0]?.IssueStatus.Name).to.equal('未开始');
    const fieldsOf = (type: string) => sim.list('DescribeProjectIssueFieldList', { ProjectName: P, IssueType: type }).map((f) => f.IssueFieldId);
    expect(fieldsOf('DEFECT')).to.not.deep.equal(fieldsOf('REQUIREMENT'));
  });

  it('shows custom fields of every component type in every project, with values on issues, encoded as the reference says', () => {
    const componentTypes = ['TEXT_SINGLE_LINE', 'TEXT_MULTI_LINE', 'SELECT_SINGLE', 'SELECT_MULTI', 'RADIO', 'CHECKBOX', 'SELECT_MEMBER_SINGLE', 'SELECT_MEMBER_MULTI', 'TEXT_DATE', 'TEXT_DATETIME', 'TEXT_INTEGER', 'TEXT_DECIMAL'];
    for (const project of sim.projectNames()) {
      const shown = new Map<string, Set<number>>();
      const components = new Map<number, string>();
      for (const type of ['REQUIREMENT', 'DEFECT', 'MISSION', 'EPIC', 'SUB_TASK']) {
        for (const f of sim.list('DescribeProjectIssueFieldList', { ProjectName: project, IssueType: type })) {
          if (f.IssueField.Type !== 'CUSTOM') continue;
          shown.set(type, (shown.get(type) ?? new Set()).add(f.IssueFieldId));
          components.set(f.IssueFieldId, f.IssueField.ComponentType);
        }
      }
      const valued = new Set<string>();
      const encodings = new Set<string>();
      let unparsable = 0;
      for (const issue of issuesOf(project)) {
        for (const value of issue.CustomFields) {
          expect(shown.get(issue.Type)?.has(value.Id), `${project}/${issue.Code}: field ${value.Id} is shown for ${issue.Type}`).to.equal(true);
          const component = components.get(value.Id) ?? '';
          valued.add(component);
          const v = value.ValueString;
          if (v === UNPARSABLE_INTEGER) unparsable++;
          else if (component === 'TEXT_INTEGER') expect(v).to.match(/^\d+$/);
          if (component === 'TEXT_DATE' || component === 'TEXT_DATETIME') encodings.add(/^\d+$/.test(v) ? 'epoch-ms' : v.length === 10 ? 'date' : 'datetime');
          if (['SELECT_MULTI', 'CHECKBOX', 'SELECT_MEMBER_MULTI'].includes(component)) expect(JSON.parse(v)).to.be.an('array');
          if (component === 'SELECT_MEMBER_SINGLE') expect(JSON.parse(v)).to.have.property('Id');
        }
      }
      expect([...valued].sort(), project).to.deep.equal([...componentTypes].sort());
      expect([...encodings].sort(), `${project}: date encodings`).to.deep.equal(['date', 'datetime', 'epoch-ms']);
      expect(unparsable, `${project}: one value that is not its type`).to.equal(1);
    }
  });

  it('keeps blockers within a project: issue 1 waits for issue 2, and the two lists read one relation both ways', () => {
    for (const project of sim.projectNames()) {
      expect(sim.list('DescribeBlockedByIssueList', { ProjectName: project, IssueCode: 1 }).map((i) => i.Code)).to.include(2);
      const codes = new Set(sim.issueCodes(project));
      const pairs: string[] = [];
      for (const code of codes) {
        for (const blocker of sim.list('DescribeBlockedByIssueList', { ProjectName: project, IssueCode: code })) {
          expect(codes.has(blocker.Code)).to.equal(true);
          expect(blocker.Code).to.not.equal(code);
          expect(blocker).to.include({ Name: sim.issueListItem(project, blocker.Code).Name, IssueStatusId: sim.issueListItem(project, blocker.Code).IssueStatusId });
          pairs.push(`${code}<${blocker.Code}`);
        }
      }
      const inverse = [...codes].flatMap((code) => sim.list('DescribeBlockIssueList', { ProjectName: project, IssueCode: code }).map((blocked) => `${blocked.Code}<${code}`));
      expect(inverse.sort()).to.deep.equal(pairs.sort());
      expect(pairs.length).to.be.greaterThan(2);
    }
  });

  it('answers the children of an unknown issue with ResourceNotFound, and refuses status logs of too many issues at once', async () => {
    for (const action of ['DescribeIssueCommentList', 'DescribeIssueWorkLogList', 'DescribeBlockedByIssueList', 'DescribeBlockIssueList'] as const) {
      expect(errorCode(() => sim.list(action, { ProjectName: P, IssueCode: 99_999 })), action).to.equal('ResourceNotFound');
    }
    expect(errorCode(() => sim.list('DescribeIssueStatusChangeLogList', { ProjectName: P, IssueCode: [1, 99_999] }))).to.equal('ResourceNotFound');
    const many = Array.from({ length: MAX_STATUS_LOG_CODES + 1 }, (_, i) => i + 1);
    const refused = await call(sim, 'DescribeIssueStatusChangeLogList', { ProjectName: P, IssueCode: many });
    expect(refused.Error?.Code).to.equal('InvalidParameterValue');
  });

  it('lists every project’s work logs team-wide by item offset, without totals, the short page last; ProjectName filters', async () => {
    const all = sim.list('DescribeAllProjectsIssueWorkLogList');
    const perIssue = sim.projectNames().flatMap((p) => sim.issueCodes(p).flatMap((code) => sim.list('DescribeIssueWorkLogList', { ProjectName: p, IssueCode: code })));
    expect(all.map((w) => w.Id).sort()).to.deep.equal(perIssue.map((w) => w.Id).sort());
    const paged: unknown[] = [];
    for (let offset = 0; ; offset += 25) {
      const response = await ok(sim, 'DescribeAllProjectsIssueWorkLogList', { Offset: offset, Limit: 25 });
      expect(Object.keys(response).sort()).to.deep.equal(['RequestId', 'WorkLogs']);
      const page = response['WorkLogs'] as unknown[];
      paged.push(...page);
      if (page.length < 25) break;
    }
    expect(paged).to.deep.equal(all);
    expect(sim.list('DescribeAllProjectsIssueWorkLogList', { ProjectName: 'mobile-app' }).every((w) => w.ProjectName === 'mobile-app')).to.equal(true);
  });

  it('lists labels by ProjectId and team members with departments only when asked', () => {
    const labels = sim.list('DescribeAllProjectLabels', { ProjectId: sim.project(P).Id });
    expect(labels.map((l) => l.Id)).to.include.members(sim.issueCodes(P).flatMap((c) => sim.issueListItem(P, c).Labels.map((l) => l.Id)));
    expect(labels.every((l) => l.ProjectId === sim.project(P).Id)).to.equal(true);
    const plain = sim.list('DescribeTeamMembers');
    const withDepartments = sim.list('DescribeTeamMembers', { ShowDepartment: true });
    expect(plain.every((m) => m.DepartmentMember.Refs.length === 0)).to.equal(true);
    expect(withDepartments.filter((m) => m.DepartmentMember.Refs.length > 0).length).to.be.greaterThan(plain.length / 2);
  });
});

describe('control operations on an issue’s workflow', () => {
  let sim: Simulator;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let clock = T0;
  beforeEach(async () => {
    clock = T0;
    hook = await receiver();
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 30 }, now: () => clock, serviceHook: { url: hook.url } });
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  async function lastDelivery(): Promise<Received['body']> {
    await sim.hooks.settled();
    const last = hook.received.at(-1);
    if (!last) throw new Error('no delivery');
    return last.body;
  }

  it('adds a comment: the issue moves to its time, ISSUE_COMMENT_CREATED carries it under issueComment with the issue', async () => {
    const comment = sim.control.addComment(P, 3, { Content: '新的评论 **加粗** 🎉' });
    expect(comment).to.include({ CreatedAt: T0, UpdatedAt: T0, RawContent: '新的评论 **加粗** 🎉' });
    expect(comment.Content).to.include('<strong>加粗</strong>');
    expect(sim.issueListItem(P, 3).UpdatedAt).to.equal(T0);
    expect(sim.list('DescribeIssueCommentList', { ProjectName: P, IssueCode: 3 }).at(-1)?.CommentId).to.equal(comment.CommentId);
    const body = await lastDelivery();
    expect(body.event).to.equal('ISSUE_COMMENT_CREATED');
    expect(body).to.not.have.property('issue');
    expect(body.issueComment).to.deep.include({ id: comment.CommentId, created_at: T0 });
    expect((body.issueComment as { issue: { code: number; updated_at: number } }).issue).to.include({ code: 3, updated_at: T0 });
  });

  it('logs work: the issue moves, the entry says what remains of the estimate, ISSUE_HOUR_RECORD_UPDATED carries work_log', async () => {
    const code = sim.issueCodes(P).find((c) => sim.issueListItem(P, c).WorkingHours > 0) ?? 1;
    const estimate = sim.issueListItem(P, code).WorkingHours;
    const spent = sim.list('DescribeIssueWorkLogList', { ProjectName: P, IssueCode: code }).reduce((sum, w) => sum + w.RecordHours, 0);
    const log = sim.control.addWorkLog(P, code, { RecordHours: 0.5 });
    expect(log).to.include({ IssueCode: code, RecordHours: 0.5, CreatedAt: T0, RemainingHours: Math.max(0, Math.round((estimate - spent - 0.5) * 100) / 100) });
    expect(sim.issueListItem(P, code).UpdatedAt).to.equal(T0);
    const body = await lastDelivery();
    expect(body).to.deep.include({ event: 'ISSUE_HOUR_RECORD_UPDATED', work_log: { record_hours: 0.5, remaining_hours: log.RemainingHours } });
    expect(body.issue).to.include({ code });
  });

  it('changes a status: the history gains the entry at the issue’s new UpdatedAt, ISSUE_STATUS_UPDATED is sent; a PATCH does the same', async () => {
    const issue = sim.issueListItem(P, 4);
    const target = sim.list('DescribeProjectIssueStatusList', { ProjectName: P, IssueType: issue.Type }).find((s) => s.IssueStatusId !== issue.IssueStatusId);
    sim.control.changeStatus(P, 4, target?.IssueStatusId ?? 0);
    expect(sim.list('DescribeIssueStatusChangeLogList', { ProjectName: P, IssueCode: [4] }).at(-1)).to.include({ StatusId: target?.IssueStatusId, CreatedAt: T0 });
    expect((await lastDelivery()).event).to.equal('ISSUE_STATUS_UPDATED');
    clock = T0 + 1000;
    sim.control.updateIssue(P, 4, { IssueStatusId: issue.IssueStatusId });
    expect(sim.list('DescribeIssueStatusChangeLogList', { ProjectName: P, IssueCode: [4] }).at(-1)).to.include({ StatusId: issue.IssueStatusId, CreatedAt: T0 + 1000 });
    const created = sim.control.createIssue(P, { Type: 'DEFECT' });
    expect(sim.list('DescribeIssueStatusChangeLogList', { ProjectName: P, IssueCode: [created.Code] })).to.have.length(1);
  });

  it('adds a blocker: the blocked issue moves and ISSUE_RELATIONSHIP_CHANGED is sent', async () => {
    sim.control.addBlocker(P, 5, 6);
    expect(sim.list('DescribeBlockedByIssueList', { ProjectName: P, IssueCode: 5 }).map((i) => i.Code)).to.include(6);
    expect(sim.list('DescribeBlockIssueList', { ProjectName: P, IssueCode: 6 }).map((i) => i.Code)).to.include(5);
    expect(sim.issueListItem(P, 5).UpdatedAt).to.equal(T0);
    const body = await lastDelivery();
    expect(body.event).to.equal('ISSUE_RELATIONSHIP_CHANGED');
    expect(body.issue).to.include({ code: 5 });
    expect(() => sim.control.addBlocker(P, 5, 5)).to.throw(/itself/);
  });

  it('sets and clears a custom-field value: the issue moves and ISSUE_UPDATED is sent', async () => {
    const set = sim.control.setCustomField(P, 7, 210112, '1200');
    expect(set.CustomFields).to.deep.include({ Id: 210112, Name: '影响用户数', ValueString: '1200' });
    expect(set.UpdatedAt).to.equal(T0);
    expect((await lastDelivery()).event).to.equal('ISSUE_UPDATED');
    clock = T0 + 5;
    const cleared = sim.control.setCustomField(P, 7, 210112, null);
    expect(cleared.CustomFields.map((f) => f.Id)).to.not.include(210112);
    expect(() => sim.control.setCustomField(P, 7, 1, 'x')).to.throw(/no custom field/);
  });

  it('drops an issue’s children when it is deleted', () => {
    sim.control.deleteIssue(P, 2);
    expect(errorCode(() => sim.list('DescribeIssueCommentList', { ProjectName: P, IssueCode: 2 }))).to.equal('ResourceNotFound');
    expect(sim.list('DescribeBlockedByIssueList', { ProjectName: P, IssueCode: 1 }).map((i) => i.Code)).to.not.include(2);
    expect(sim.list('DescribeAllProjectsIssueWorkLogList').map((w) => w.IssueCode)).to.not.include(2);
  });

  it('serves the same operations on the HTTP control routes', async () => {
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${sim.origin}/_simulator/projects/${P}/issues/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('3/comments', { Content: 'via HTTP' })).status).to.equal(201);
    expect((await post('3/work-logs', { RecordHours: 1 })).status).to.equal(201);
    expect((await post('3/blockers', { BlockerCode: 8 })).status).to.equal(201);
    expect((await post('3/custom-fields/210101', { ValueString: '顺丰速运' }, 'PUT')).status).to.equal(200);
    const statusId = sim.list('DescribeProjectIssueStatusList', { ProjectName: P, IssueType: sim.issueListItem(P, 3).Type }).find((s) => s.IssueStatusId !== sim.issueListItem(P, 3).IssueStatusId)?.IssueStatusId;
    expect((await post('3/status', { IssueStatusId: statusId }, 'PUT')).status).to.equal(200);
    expect((await post('3/blockers', { BlockerCode: 'x' })).status).to.equal(400);
    await sim.hooks.settled();
    expect(hook.received.map((r) => r.body.event)).to.deep.equal(['ISSUE_COMMENT_CREATED', 'ISSUE_HOUR_RECORD_UPDATED', 'ISSUE_RELATIONSHIP_CHANGED', 'ISSUE_UPDATED', 'ISSUE_STATUS_UPDATED']);
  });
});
