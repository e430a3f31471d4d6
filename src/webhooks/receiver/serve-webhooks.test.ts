import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { WebhookLog } from '../log.js';
import type { AppendResult, EventStore, IncomingEvent, RetainedSize } from '../store/event-store.js';
import { openFileEventStore } from '../store/file/file-event-store.js';
import { EventStoreUnavailableError } from '../store/store-errors.js';
import { createEventStore } from '../store/create-event-store.js';
import { faultyDisk } from '../test-support/faulty-disk.js';
import { postDelivery } from '../test-support/post-delivery.js';
import { deletePrefixedKeys, startTestRedis, type TestRedis } from '../test-support/redis-server.js';
import { startTcpProxy, throughProxy } from '../test-support/tcp-proxy.js';
import { collect, issueBody, sleep } from '../test-support/sample-events.js';
import { serveWebhooks, type RunningReceiver, type ServeWebhooksOptions } from './serve-webhooks.js';
import { signBody } from './signature.js';

const SECRET = 'token-3f9a1c';
const retention = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

/** A store that fails or stalls on demand, for what a real one does only on a bad day. */
class ScriptedStore implements EventStore {
  readonly kind = 'file' as const;
  appended: IncomingEvent[] = [];
  closed = false;
  failAppends = false;
  failProbe = false;
  failHead = false;
  fatal: Error | null = null;
  appendDelayMs = 0;
  async id(): Promise<string> {
    return '00000000-0000-0000-0000-000000000000';
  }
  async append(event: IncomingEvent): Promise<AppendResult> {
    await sleep(this.appendDelayMs);
    if (this.failAppends) throw new EventStoreUnavailableError('Redis at cache:6379 is unavailable: ECONNREFUSED');
    this.appended.push(event);
    return { offset: String(this.appended.length), duplicate: false };
  }
  async head(): Promise<string | null> {
    if (this.failHead) throw new EventStoreUnavailableError('Redis at cache:6379 is unavailable');
    return this.appended.length === 0 ? null : String(this.appended.length);
  }
  async covers(): Promise<boolean> {
    return true;
  }
  async *read(): AsyncIterable<never> {}
  async applyRetention(): Promise<void> {}
  async probe(): Promise<void> {
    if (this.failProbe) throw new EventStoreUnavailableError('Redis at cache:6379 is unavailable: ECONNREFUSED');
  }
  async retained(): Promise<RetainedSize> {
    return { events: this.appended.length, bytes: this.appended.reduce((n, e) => n + e.body.length, 0) };
  }
  fatalError(): Error | null {
    return this.fatal;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('the webhook receiver', () => {
  let dir: string;
  let store: EventStore;
  let receiver: RunningReceiver | null;
  let logs: string[];
  const log: WebhookLog = (level, message) => logs.push(`${level} ${message}`);
  const start = async (overrides: Partial<ServeWebhooksOptions> = {}): Promise<RunningReceiver> => {
    receiver = await serveWebhooks({ host: '127.0.0.1', port: 0, store, secret: SECRET, allowUnsigned: false, log, ...overrides });
    return receiver;
  };
  const stored = async (): Promise<IncomingEvent[]> => (await collect(store.read(null))).map(({ offset, ...event }) => event);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-receiver-'));
    store = await openFileEventStore(join(dir, 'events'), { retention });
    receiver = null;
    logs = [];
  });
  afterEach(async () => {
    await receiver?.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('signatures', () => {
    it('stores a signed delivery and answers 200 once it is in the store', async () => {
      const { url } = await start();
      const body = issueBody('ISSUE_UPDATED', 42);
      const answer = await postDelivery(url, body, { secret: SECRET, event: 'ISSUE_UPDATED', deliveryId: 'd-1' });
      expect(answer).to.deep.equal({ status: 200, body: { status: 'stored' } });
      const [event, ...rest] = await stored();
      expect(rest).to.deep.equal([]);
      expect(event).to.deep.include({ deliveryId: 'd-1', event: 'ISSUE_UPDATED', projectName: 'demo', body });
      expect(event!.receivedAt).to.be.closeTo(Date.now(), 5000);
    });

    it('answers 401 to a forged signature and stores nothing', async () => {
      const { url } = await start();
      const answer = await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: 'not-the-token', deliveryId: 'forged' });
      expect(answer.status).to.equal(401);
      expect(answer.body).to.deep.equal({ status: 'rejected', reason: 'X-Coding-Signature does not match the body' });
      const tampered = await postDelivery(url, issueBody('ISSUE_DELETED', 1), {
        headers: { 'x-coding-signature': signBody(SECRET, issueBody('ISSUE_UPDATED', 1)) },
      });
      expect(tampered.status).to.equal(401);
      expect(await stored()).to.deep.equal([]);
    });

    it('answers 401 to a delivery without a signature', async () => {
      const { url } = await start();
      const answer = await postDelivery(url, issueBody('ISSUE_UPDATED', 1));
      expect(answer).to.deep.equal({ status: 401, body: { status: 'rejected', reason: 'X-Coding-Signature is missing' } });
      expect(await stored()).to.deep.equal([]);
    });

    it('refuses to start without a secret unless unsigned deliveries are allowed explicitly', async () => {
      let failure: unknown;
      await start({ secret: null }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(ConfigError);
      expect((failure as Error).message).to.include('webhook_secret').and.include('webhook_allow_unsigned');
    });

    it('accepts unsigned deliveries when allowed without a secret, warning once at start', async () => {
      const { url } = await start({ secret: null, allowUnsigned: true });
      for (const code of [1, 2]) expect((await postDelivery(url, issueBody('ISSUE_CREATED', code))).status).to.equal(200);
      expect(await stored()).to.have.length(2);
      expect(logs.filter((line) => line.startsWith('WARN'))).to.have.length(1);
      expect(logs.find((line) => line.startsWith('WARN'))).to.include('unsigned');
    });

    it('still requires signatures when a secret is set, whatever allowUnsigned says', async () => {
      const { url } = await start({ allowUnsigned: true });
      expect((await postDelivery(url, issueBody('ISSUE_CREATED', 1))).status).to.equal(401);
    });

    it('never writes the secret or a signature to the log', async () => {
      const { url } = await start();
      await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET });
      await postDelivery(url, issueBody('ISSUE_UPDATED', 2), { secret: 'wrong' });
      await postDelivery(url, '{not json', { secret: SECRET });
      const all = logs.join('\n');
      expect(all).not.to.include(SECRET);
      expect(all).not.to.include('sha1=');
      expect(all).not.to.include(signBody('wrong', issueBody('ISSUE_UPDATED', 2)).slice(5, 25));
    });
  });

  describe('startup', () => {
    it('refuses to start a second receiver on the same directory store, pointing to Redis', async () => {
      await start();
      const other = await openFileEventStore(join(dir, 'events'), { retention });
      let failure: unknown;
      await serveWebhooks({ host: '127.0.0.1', port: 0, store: other, secret: SECRET, allowUnsigned: false, log }).catch((error: unknown) => (failure = error));
      await other.close();
      expect(failure).to.be.instanceOf(ConfigError);
      expect((failure as Error).message).to.include('redis://');
    });
  });

  describe('deliveries', () => {
    it('answers pings with 200 and stores nothing: Service Hook PING and legacy ping', async () => {
      const { url } = await start();
      expect(await postDelivery(url, '{}', { secret: SECRET, event: 'PING' })).to.deep.equal({ status: 200, body: { status: 'ping' } });
      const zen = JSON.stringify({ token: '123', zen: 'Coding! 让开发更简单' });
      expect((await postDelivery(url, zen, { secret: SECRET, headers: { 'x-coding-event': 'ping' } })).status).to.equal(200);
      expect((await postDelivery(url, zen, { secret: SECRET })).body.status).to.equal('ping');
      expect((await postDelivery(url, JSON.stringify({ event: 'PING' }), { secret: SECRET })).body.status).to.equal('ping');
      expect(await stored()).to.deep.equal([]);
    });

    it('stores a re-delivery once and answers it "duplicate"', async () => {
      const { url } = await start();
      const body = issueBody('ISSUE_UPDATED', 7);
      expect((await postDelivery(url, body, { secret: SECRET, deliveryId: 'same' })).body.status).to.equal('stored');
      expect(await postDelivery(url, body, { secret: SECRET, deliveryId: 'same' })).to.deep.equal({ status: 200, body: { status: 'duplicate' } });
      const unnamed = issueBody('ISSUE_UPDATED', 8);
      expect((await postDelivery(url, unnamed, { secret: SECRET })).body.status).to.equal('stored');
      expect((await postDelivery(url, unnamed, { secret: SECRET })).body.status, 'same body, no X-Coding-Delivery').to.equal('duplicate');
      expect(await stored()).to.have.length(2);
    });

    it('answers 413 past the size limit, with or without Content-Length, and stores nothing', async () => {
      const { url } = await start({ limits: { maxBodyBytes: 2048 } });
      const big = issueBody('ISSUE_UPDATED', 1, { pad: 'x'.repeat(10_000) });
      expect((await postDelivery(url, big, { secret: SECRET })).status).to.equal(413);
      expect((await postDelivery(url, big, { secret: SECRET, chunked: true })).status).to.equal(413);
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status, 'and goes on').to.equal(200);
      expect(await stored()).to.have.length(1);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const { url } = await start();
      expect(await postDelivery(url, '<xml/>', { secret: SECRET, event: 'ISSUE_UPDATED' })).to.deep.equal({
        status: 400,
        body: { status: 'rejected', reason: 'the body is not JSON' },
      });
      expect((await postDelivery(url, Buffer.from([0x7b, 0xff, 0x7d]), { secret: SECRET })).status).to.equal(400);
    });

    it('answers 422 with the reason to JSON of the wrong shape for its event', async () => {
      const { url } = await start();
      const project = { name: 'demo' };
      const cases: Array<[unknown, string]> = [
        [{ event: 'ISSUE_UPDATED', project }, 'ISSUE_UPDATED: the "issue" object is missing'],
        [{ event: 'ISSUE_DELETED', project, issue: { title: 'no code' } }, 'ISSUE_DELETED: issue.code is not a number'],
        [{ event: 'ITERATION_CREATED', project }, 'ITERATION_CREATED: the "iteration" object is missing'],
        [{ event: 'MEMBER_CREATED', project, member: 'six' }, 'MEMBER_CREATED: the "member" object is missing'],
        [{ event: 'ISSUE_CREATED', issue: { code: 1 } }, 'ISSUE_CREATED: project.name is missing'],
        [[1, 2], 'the body is not a JSON object'],
        [{ issue: { code: 1 }, project }, 'no event code in "event" or X-Coding-Service-Hook-Event'],
      ];
      for (const [body, reason] of cases) {
        expect(await postDelivery(url, JSON.stringify(body), { secret: SECRET }), reason).to.deep.equal({ status: 422, body: { status: 'rejected', reason } });
      }
      expect(await stored()).to.deep.equal([]);
    });

    it('answers 202 "ignored" to events the connector does not use, and stores nothing', async () => {
      const { url } = await start();
      for (const event of ['GIT_PUSH', 'CI_JOB_FINISHED', 'WIKI_CREATED', 'ISSUE_COMMENT_UPDATED']) {
        const answer = await postDelivery(url, JSON.stringify({ event, project: { name: 'demo' } }), { secret: SECRET, event });
        expect(answer, event).to.deep.equal({ status: 202, body: { status: 'ignored', reason: `${event} events are not used` } });
      }
      expect((await postDelivery(url, '{"ref":"main"}', { secret: SECRET, headers: { 'x-coding-event': 'push' } })).status).to.equal(202);
      expect(await stored()).to.deep.equal([]);
    });

    it('stores ISSUE_COMMENT_CREATED, which issue_comments claims, with its issue nested in issueComment', async () => {
      const { url } = await start();
      const body = { event: 'ISSUE_COMMENT_CREATED', project: { name: 'demo' }, issueComment: { id: 70000001, content: '评论', issue: { code: 4 } } };
      expect((await postDelivery(url, JSON.stringify(body), { secret: SECRET })).status).to.equal(200);
      const without = await postDelivery(url, JSON.stringify({ ...body, issueComment: { id: 70000002 } }), { secret: SECRET });
      expect(without.status).to.equal(422);
      expect(String(without.body.reason)).to.include('issueComment.issue.code');
      expect((await stored()).map((e) => e.event)).to.deep.equal(['ISSUE_COMMENT_CREATED']);
    });

    it('stores every relevant kind, taking the event from the header when the body has none and codes as strings', async () => {
      const { url } = await start();
      const bodies = [
        { event: 'ITERATION_UPDATED', project: { name: 'demo' }, iteration: { code: 7 } },
        { event: 'MEMBER_DELETED', project: { name: 'demo' }, member: { id: '6' } },
        { event: 'ISSUE_HOUR_RECORD_UPDATED', project: { name: 'demo' }, issue: { code: '12' }, work_log: {} },
        { event: 'ITERATION_PLANNED', project: { name: 'demo' }, issue: { code: 3 } },
      ];
      for (const body of bodies) expect((await postDelivery(url, JSON.stringify(body), { secret: SECRET })).status).to.equal(200);
      const headerOnly = JSON.stringify({ project: { name: 'demo' }, issue: { code: 5 } });
      expect((await postDelivery(url, headerOnly, { secret: SECRET, event: 'issue_created' })).status).to.equal(200);
      expect((await stored()).map((e) => e.event)).to.deep.equal([...bodies.map((b) => b.event), 'ISSUE_CREATED']);
    });

    it('accepts the JSON in the "payload" field of a form-encoded body', async () => {
      const { url } = await start();
      const json = issueBody('ISSUE_CREATED', 9);
      const form = new URLSearchParams({ payload: json }).toString();
      const answer = await postDelivery(url, form, { secret: SECRET, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(answer.status).to.equal(200);
      expect((await stored())[0]!.body).to.equal(json);
    });

    it('answers 503, never 2xx, when the store cannot take the event', async () => {
      const scripted = new ScriptedStore();
      scripted.failAppends = true;
      store = scripted;
      const { url } = await start();
      expect(await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).to.deep.equal({
        status: 503,
        body: { status: 'unavailable', reason: 'the event store is unavailable' },
      });
      expect(logs.some((line) => line.startsWith('ERROR') && line.includes('ECONNREFUSED'))).to.equal(true);
    });
  });

  describe('other requests', () => {
    it('healthz answers 200 while the process lives, even with the store down, and 503 only when the store needs a restart', async () => {
      const scripted = new ScriptedStore();
      store = scripted;
      const { url } = await start();
      expect(await postDelivery(url, '', { method: 'GET', path: '/healthz' })).to.deep.equal({ status: 200, body: { status: 'ok', store: 'file' } });
      scripted.failAppends = true;
      scripted.failProbe = true;
      scripted.failHead = true;
      expect((await postDelivery(url, '', { method: 'GET', path: '/healthz' })).status).to.equal(200);
      scripted.fatal = new EventStoreUnavailableError('event store /data: fsync failed; restart the receiver: EIO');
      const failed = await postDelivery(url, '', { method: 'GET', path: '/healthz' });
      expect(failed.status).to.equal(503);
      expect(failed.body).to.include({ status: 'failed', store: 'file' });
      expect(failed.body.reason).to.include('fsync failed');
    });

    it('readyz answers 503 once an append failed, probes the store while it is unready, and answers 200 again once a probe or an append succeeds', async () => {
      const scripted = new ScriptedStore();
      store = scripted;
      const { url } = await start();
      const readyz = () => postDelivery(url, '', { method: 'GET', path: '/readyz' });
      expect(await readyz()).to.deep.equal({ status: 200, body: { status: 'ready', store: 'file', head: null } });
      scripted.failAppends = true;
      scripted.failProbe = true;
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).status).to.equal(503);
      const down = await readyz();
      expect(down.status).to.equal(503);
      expect(down.body).to.include({ status: 'unavailable', store: 'file' });
      expect(down.body.reason).to.include('ECONNREFUSED');
      scripted.failProbe = false;
      expect((await readyz()).status, 'a probe that succeeds').to.equal(200);
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status, 'appends still fail').to.equal(503);
      scripted.failAppends = false;
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 3), { secret: SECRET })).status).to.equal(200);
      expect((await readyz()).body).to.deep.equal({ status: 'ready', store: 'file', head: '1' });
      expect(logs.filter((line) => line.includes('does not accept appends')).length, 'one WARN per change').to.be.at.least(1);
      expect(logs.some((line) => line.includes('accepts appends again'))).to.equal(true);
    });

    for (const fault of ['full', 'read-only'] as const) {
      it(`answers 503 and turns unready while its directory store's disk is ${fault}, then stores again and is ready, keeping every acknowledged event`, async () => {
        const disk = faultyDisk();
        await store.close();
        store = await openFileEventStore(join(dir, 'faulty'), { retention, io: disk.io });
        const { url } = await start();
        const readyz = async () => (await postDelivery(url, '', { method: 'GET', path: '/readyz' })).status;
        const acknowledged: string[] = [];
        const deliver = async (id: string): Promise<number> => {
          const { status } = await postDelivery(url, issueBody('ISSUE_UPDATED', acknowledged.length), { secret: SECRET, deliveryId: id });
          if (status === 200) acknowledged.push(id);
          return status;
        };
        expect(await deliver('a-1')).to.equal(200);
        disk.set(fault);
        expect(await deliver('a-2')).to.equal(503);
        expect(await readyz()).to.equal(503);
        expect(await readyz(), 'the probe fails too').to.equal(503);
        expect((await postDelivery(url, '', { method: 'GET', path: '/healthz' })).status, 'alive all along').to.equal(200);
        disk.set(null);
        expect(await readyz(), 'a probe that succeeds').to.equal(200);
        expect(await deliver('a-2'), 'the resend').to.equal(200);
        expect(await deliver('a-3')).to.equal(200);
        expect((await stored()).map((e) => e.deliveryId)).to.deep.equal(acknowledged);
      });
    }

    it('answers 503 when the store does not take an append within the store timeout, rather than hold the request', async () => {
      const scripted = new ScriptedStore();
      scripted.appendDelayMs = 20_000;
      store = scripted;
      const { url } = await start({ limits: { storeTimeoutMs: 200 } });
      const answer = await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'slow-1' });
      expect(answer).to.deep.equal({ status: 503, body: { status: 'unavailable', reason: 'the event store is unavailable' } });
      expect(logs.some((line) => line.startsWith('ERROR') && line.includes('slow-1') && line.includes('200 ms'))).to.equal(true);
      scripted.appendDelayMs = 0;
    });

    it('answers 404 to other paths and 405 to other methods', async () => {
      const { url } = await start();
      expect((await postDelivery(url, '{}', { path: '/webhooks/github' })).status).to.equal(404);
      expect((await postDelivery(url, '', { method: 'GET' })).status).to.equal(405);
      expect((await postDelivery(url, '{}', { method: 'POST', path: '/healthz' })).status).to.equal(405);
    });
  });

  describe('shutdown', () => {
    it('waits for appends in flight, answers them, then closes the store', async () => {
      const scripted = new ScriptedStore();
      scripted.appendDelayMs = 300;
      store = scripted;
      const running = await start();
      const answer = postDelivery(running.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET });
      await sleep(100);
      const closing = running.close();
      expect(await answer).to.deep.equal({ status: 200, body: { status: 'stored' } });
      await closing;
      expect(scripted.closed).to.equal(true);
      expect(scripted.appended).to.have.length(1);
      let refused: unknown;
      await postDelivery(running.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET }).catch((error: unknown) => (refused = error));
      expect(refused, 'no longer listening').to.be.instanceOf(Error);
    });
  });

  describe('with a Redis store', function () {
    this.timeout(20_000);
    let redis: TestRedis;
    before(async () => {
      redis = await startTestRedis();
    });
    after(async () => {
      await redis?.stop();
    });

    it('answers 503 and unhealthy while Redis is away, and stores again once it is back', async () => {
      const proxy = await startTcpProxy(redis.host, redis.port);
      const isolatedUrl = redis.isolatedUrl();
      const url = throughProxy(isolatedUrl, proxy);
      try {
        store = await createEventStore(url, { retention });
        const running = await start();
        expect((await postDelivery(running.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).status).to.equal(200);
        await proxy.cut();
        expect((await postDelivery(running.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status).to.equal(503);
        const ready = await postDelivery(running.url, '', { method: 'GET', path: '/readyz' });
        expect(ready.status).to.equal(503);
        expect(ready.body).to.include({ store: 'redis' });
        expect((await postDelivery(running.url, '', { method: 'GET', path: '/healthz' })).status, 'the process lives').to.equal(200);
        await proxy.restore();
        let status = 0;
        for (let i = 0; i < 100 && status !== 200; i += 1) {
          await sleep(50);
          status = (await postDelivery(running.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status;
        }
        expect(status).to.equal(200);
        expect((await postDelivery(running.url, '', { method: 'GET', path: '/readyz' })).status).to.equal(200);
        expect((await stored()).map((e) => JSON.parse(e.body).issue.code)).to.deep.equal([1, 2]);
      } finally {
        await receiver?.close();
        receiver = null;
        await proxy.close();
        await deletePrefixedKeys(isolatedUrl);
      }
    });

    it('answers 503 within the store timeout while Redis is paused, is unready, and stores again once Redis answers', async () => {
      const proxy = await startTcpProxy(redis.host, redis.port);
      const isolatedUrl = redis.isolatedUrl();
      try {
        store = await createEventStore(throughProxy(isolatedUrl, proxy), { retention, commandTimeoutMs: 300 });
        const running = await start({ limits: { storeTimeoutMs: 300 } });
        expect((await postDelivery(running.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'p-1' })).status).to.equal(200);
        proxy.stall();
        expect((await postDelivery(running.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET, deliveryId: 'p-2' })).status).to.equal(503);
        expect((await postDelivery(running.url, '', { method: 'GET', path: '/readyz' })).status).to.equal(503);
        expect(logs.some((line) => line.startsWith('ERROR') && line.includes('p-2') && line.includes('300 ms'))).to.equal(true);
        proxy.unstall();
        let status = 0;
        for (let i = 0; i < 100 && status !== 200; i += 1) {
          await sleep(50);
          status = (await postDelivery(running.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET, deliveryId: 'p-2' })).status;
        }
        expect(status).to.equal(200);
        expect((await postDelivery(running.url, '', { method: 'GET', path: '/readyz' })).status).to.equal(200);
        expect((await stored()).map((e) => e.deliveryId)).to.deep.equal(['p-1', 'p-2']);
      } finally {
        await receiver?.close();
        receiver = null;
        await proxy.close();
        await deletePrefixedKeys(isolatedUrl);
      }
    });
  });
});
