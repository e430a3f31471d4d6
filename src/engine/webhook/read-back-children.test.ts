import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { syncInProcess } from '../../test-support/in-process-sync.js';
import { serveWebhooks, WEBHOOK_PATH, type RunningReceiver } from '../../webhooks/receiver/serve-webhooks.js';
import { createEventStore, DEFAULT_RETENTION } from '../../webhooks/store/create-event-store.js';
import type { EventStore } from '../../webhooks/store/event-store.js';

const SECRET = 'child-hooks-secret';
const T0 = Date.UTC(2025, 0, 10, 4, 0, 0);
const P = 'platform';

describe('child streams in webhook mode', () => {
  let dir: string;
  let receiver: RunningReceiver;
  let sim: Simulator;
  let readers: EventStore[];
  let clock = T0;

  beforeEach(async () => {
    clock = T0;
    readers = [];
    dir = await mkdtemp(join(tmpdir(), 'source-coding-child-hooks-'));
    const store = await createEventStore(join(dir, 'events'), { retention: DEFAULT_RETENTION });
    receiver = await serveWebhooks({ host: '127.0.0.1', port: 0, store, secret: SECRET, allowUnsigned: false, log: () => undefined });
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 40 }, now: () => clock, serviceHook: { url: `${receiver.url}${WEBHOOK_PATH}`, secret: SECRET } });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
    for (const reader of readers) await reader.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sync = (streams: Parameters<typeof syncInProcess>[1], state?: Parameters<typeof syncInProcess>[2]) =>
    syncInProcess(sim, streams, state, { incremental_mode: 'webhook', webhook_store: join(dir, 'events') }, async () => {
      const reader = await createEventStore(join(dir, 'events'), { retention: DEFAULT_RETENTION });
      readers.push(reader);
      return reader;
    });

  it('re-reads the comments and work logs of the issue an event names, and polls the streams no event reports on, saying so', async () => {
    const streams = { issue_comments: 'incremental', issue_work_logs: 'incremental', issue_status_changes: 'incremental' } as const;
    const first = await sync(streams);
    expect(first.failed, first.errors.join('\n')).to.deep.equal([]);
    expect(first.records.get('issue_comments')?.length).to.equal(sim.issueCodes(P).flatMap((code) => sim.list('DescribeIssueCommentList', { ProjectName: P, IssueCode: code })).length);

    const comment = sim.control.addComment(P, 3, { Content: '通过 Service Hook 送达 📨' });
    const log = sim.control.addWorkLog(P, 5, { RecordHours: 3 });
    const statusId = sim.list('DescribeProjectIssueStatusList', { ProjectName: P, IssueType: sim.issueListItem(P, 7).Type }).find((s) => s.IssueStatusId !== sim.issueListItem(P, 7).IssueStatusId)?.IssueStatusId ?? 0;
    sim.control.changeStatus(P, 7, statusId);
    await sim.hooks.settled();
    expect(sim.hooks.deliveries().map((d) => [d.event, d.status])).to.deep.equal([['ISSUE_COMMENT_CREATED', 200], ['ISSUE_HOUR_RECORD_UPDATED', 200], ['ISSUE_STATUS_UPDATED', 200]]);

    const second = await sync(streams, first.states);
    expect(second.failed, second.errors.join('\n')).to.deep.equal([]);
    // Every comment of the issue, read again (an edit would be caught too), stamped with the event's time.
    const comments = second.records.get('issue_comments') ?? [];
    expect(comments.map((c) => c.CommentId)).to.deep.equal(sim.list('DescribeIssueCommentList', { ProjectName: P, IssueCode: 3 }).map((c) => c.CommentId));
    expect(comments.map((c) => c.CommentId)).to.include(comment.CommentId);
    expect(comments.every((c) => c.IssueCode === 3 && typeof c._ab_cdc_updated_at === 'string' && c._ab_cdc_deleted_at === null)).to.equal(true);
    expect((second.records.get('issue_work_logs') ?? []).map((w) => w.Id)).to.deep.equal(sim.list('DescribeIssueWorkLogList', { ProjectName: P, IssueCode: 5 }).map((w) => w.Id));
    expect((second.records.get('issue_work_logs') ?? []).map((w) => w.Id)).to.include(log.Id);
    expect(second.requests.DescribeIssueCommentList).to.equal(1);
    expect(second.requests.DescribeIssueWorkLogList).to.equal(1);
    // Status changes have no event of their own here: polled, with one line saying so.
    expect((second.records.get('issue_status_changes') ?? []).map((s) => [s.IssueCode, s.StatusId])).to.deep.equal([[7, statusId]]);
    expect(second.logs.filter((l) => l.level === 'INFO' && l.text.includes('issue_status_changes') && /read by polling/.test(l.text))).to.have.length(1);
    expect(second.logs.filter((l) => /read by polling/.test(l.text) && !l.text.includes('issue_status_changes'))).to.deep.equal([]);
  });
});
