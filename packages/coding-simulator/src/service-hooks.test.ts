import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { startSimulator, type Simulator } from './index.js';
import { receiver, type Received } from './test-support/hook-receiver.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const P = 'platform';

describe('Service Hook deliveries', () => {
  let sim: Simulator;
  let hook: Awaited<ReturnType<typeof receiver>>;

  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  it('posts a signed ISSUE_CREATED delivery with Coding\'s headers and body', async () => {
    hook = await receiver();
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 20 }, serviceHook: { url: hook.url, secret: 's3cr3t' } });
    const created = sim.control.createIssue(P, { Name: '钩子 🪝', Type: 'DEFECT' });
    await sim.hooks.settled();
    expect(hook.received).to.have.length(1);
    const { headers, raw, body } = hook.received[0] as Received;
    expect(headers['content-type']).to.equal('application/json');
    expect(headers['user-agent']).to.equal('Coding.net Hook');
    expect(headers['x-coding-service-hook-event']).to.equal('ISSUE_CREATED');
    expect(headers['x-coding-service-hook-action']).to.equal('webhook_http_post');
    expect(headers['x-coding-service-hook-id']).to.match(UUID);
    expect(headers['x-coding-delivery']).to.match(UUID);
    const expected = `sha1=${createHmac('sha1', 's3cr3t').update(raw).digest('hex')}`;
    expect(headers['x-coding-signature']).to.equal(expected);
    expect(body).to.include({ event: 'ISSUE_CREATED', eventName: '创建事项' });
    expect(body['issue']).to.include({ code: created.Code, title: '钩子 🪝', type: 'DEFECT', project_id: sim.project(P).Id, created_at: created.CreatedAt });
    expect(body['project']).to.include({ name: P, id: sim.project(P).Id });
    expect(body['team']).to.include({ domain: 'acme' });
    expect(body['sender']).to.have.keys('id', 'avatar_url', 'url', 'html_url', 'name', 'name_pinyin', 'login');
    expect(sim.hooks.deliveries()).to.deep.equal([{ deliveryId: headers['x-coding-delivery'], event: 'ISSUE_CREATED', status: 200 }]);
  });

  it('names each mutation with its event and carries a deleted issue as it was', async () => {
    hook = await receiver();
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 20 }, serviceHook: { url: hook.url } });
    const code = sim.control.createIssue(P, { Name: 'short-lived' }).Code;
    sim.control.updateIssue(P, code, { Name: 'renamed' });
    sim.control.updateIssue(P, code, { IssueStatusType: 'PROCESSING' });
    sim.control.deleteIssue(P, code);
    const it = sim.control.createIteration(P, { Name: 'Sprint X' });
    sim.control.updateIteration(P, it.Code, { Goal: 'ship' });
    sim.control.deleteIteration(P, it.Code);
    const member = sim.control.addMember(P, { Name: '临时工' });
    sim.control.updateMemberRole(P, member.Id, 'ProjectAdmin');
    sim.control.removeMember(P, member.Id);
    await sim.hooks.settled();
    expect(hook.received.map((r) => r.body['event'])).to.deep.equal([
      'ISSUE_CREATED', 'ISSUE_UPDATED', 'ISSUE_STATUS_UPDATED', 'ISSUE_DELETED',
      'ITERATION_CREATED', 'ITERATION_UPDATED', 'ITERATION_DELETED',
      'MEMBER_CREATED', 'MEMBER_ROLE_UPDATED', 'MEMBER_DELETED',
    ]);
    expect(hook.received[3]?.body['issue']).to.include({ code, title: 'renamed' });
    expect(hook.received[5]?.body['iteration']).to.include({ code: it.Code, title: 'Sprint X', goal: 'ship' });
    expect(hook.received[9]?.body['member']).to.include({ id: member.Id, name: '临时工' });
    expect(hook.received.every((r) => r.headers['x-coding-signature'] === undefined)).to.equal(true);
    expect(new Set(hook.received.map((r) => r.headers['x-coding-delivery'])).size).to.equal(10);
  });

  it('never blocks the control call on the receiver', async () => {
    hook = await receiver({ delayMs: 300 });
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, serviceHook: { url: hook.url } });
    sim.control.createIssue(P);
    expect(sim.hooks.deliveries()).to.deep.equal([]); // the receiver takes 300 ms: not answered yet
    await sim.hooks.settled();
    expect(sim.hooks.deliveries().map((d) => d.status)).to.deep.equal([200]);
  });

  it('sends PING on ping() and records the status each delivery got', async () => {
    hook = await receiver({ status: (event) => (event === 'PING' ? 204 : 500) });
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, serviceHook: { url: hook.url, secret: 'k' } });
    await sim.hooks.ping();
    sim.control.createIssue(P);
    await sim.hooks.settled();
    const ping = hook.received[0] as Received;
    expect(ping.headers['x-coding-service-hook-event']).to.equal('PING');
    expect(ping.body).to.include({ event: 'PING' });
    expect(ping.body).to.not.have.any.keys('issue', 'iteration', 'member');
    expect(sim.hooks.deliveries().map((d) => [d.event, d.status])).to.deep.equal([['PING', 204], ['ISSUE_CREATED', 500]]);
  });

  it('records an unreachable receiver as an error', async () => {
    hook = await receiver();
    const url = hook.url;
    await hook.close();
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, serviceHook: { url } });
    sim.control.createIssue(P);
    await sim.hooks.settled();
    expect(sim.hooks.deliveries().map((d) => d.status)).to.deep.equal(['error']);
    hook = await receiver(); // so afterEach has something to close
  });
});
