import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { EventStore } from '../store/event-store.js';
import { openFileEventStore } from '../store/file/file-event-store.js';
import { postDelivery } from '../test-support/post-delivery.js';
import { closeAll, openRawConnection, type RawConnection } from '../test-support/raw-connections.js';
import { collect, issueBody, sleep } from '../test-support/sample-events.js';
import { DEFAULT_LIMITS, checkPort, resolveLimits, type ReceiverLimits } from './receiver-limits.js';
import { serveWebhooks, type RunningReceiver } from './serve-webhooks.js';

const SECRET = 'limits-token';
const retention = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

/** Resolves once the receiver answered or closed the connection (the test's own timeout bounds it). */
async function outcome(connection: RawConnection): Promise<RawConnection['answer']> {
  while (connection.answer.status === null && !connection.answer.closed) await sleep(20);
  return connection.answer;
}

describe('the receiver limits', () => {
  describe('as options', () => {
    it('default to sane values and accept any whole positive number', () => {
      expect(resolveLimits()).to.deep.equal(DEFAULT_LIMITS);
      expect(resolveLimits({ maxConnections: 5, storeTimeoutMs: 250 })).to.include({ maxConnections: 5, storeTimeoutMs: 250, maxBodyBytes: 1024 * 1024 });
    });

    it('refuse what makes no sense, naming the flag', () => {
      const bad: Array<[Partial<ReceiverLimits>, RegExp]> = [
        [{ maxConnections: 0 }, /--max-connections/],
        [{ maxBodyBytes: -1 }, /--max-body-bytes/],
        [{ headersTimeoutMs: Number.NaN }, /--headers-timeout-ms/],
        [{ requestTimeoutMs: 1.5 }, /--request-timeout-ms/],
        [{ keepAliveTimeoutMs: 2 ** 32 }, /--keep-alive-timeout-ms/],
        [{ maxBodyBytes: 4096, maxBufferedBytes: 1024 }, /--max-buffered-bytes \(1024\) must be at least --max-body-bytes/],
        [{ headersTimeoutMs: 2000, requestTimeoutMs: 1000 }, /--headers-timeout-ms \(2000\) must not exceed/],
      ];
      for (const [limits, message] of bad) expect(() => resolveLimits(limits), JSON.stringify(limits)).to.throw(ConfigError, message);
      for (const port of [-1, 65536, Number.NaN, 80.5]) expect(() => checkPort(port, 'port'), String(port)).to.throw(ConfigError, /--port must be a port number/);
      expect(checkPort(0, 'port')).to.equal(0);
    });
  });

  describe('in force', function () {
    this.timeout(20_000);
    let dir: string;
    let store: EventStore;
    let receiver: RunningReceiver | null;
    let connections: RawConnection[];
    let logs: string[];
    const start = async (limits: Partial<ReceiverLimits>, opsPort?: number): Promise<RunningReceiver> => {
      receiver = await serveWebhooks({ host: '127.0.0.1', port: 0, opsPort, store, secret: SECRET, allowUnsigned: false, limits, log: (level, message) => logs.push(`${level} ${message}`) });
      return receiver;
    };
    const raw = (url: string, bytes: string | Buffer = ''): RawConnection => {
      const connection = openRawConnection(url, bytes);
      connections.push(connection);
      return connection;
    };
    const postHead = (length: number): string =>
      `POST /webhooks/coding HTTP/1.1\r\nHost: r\r\nContent-Type: application/json\r\nX-Coding-Signature: sha1=${'0'.repeat(40)}\r\nContent-Length: ${length}\r\n\r\n`;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'source-coding-limits-'));
      store = await openFileEventStore(join(dir, 'events'), { retention });
      receiver = null;
      connections = [];
      logs = [];
    });
    afterEach(async () => {
      closeAll(connections);
      await receiver?.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('answers 503 with Retry-After, without reading it, to a body that does not fit the buffered-bytes budget, and takes bodies again once there is room', async () => {
      const { url } = await start({ maxBodyBytes: 4000, maxBufferedBytes: 4100 });
      const holder = raw(url, postHead(4000) + 'x'.repeat(3999));
      await holder.settled;
      await sleep(100);
      const refused = await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'no-room' });
      expect(refused).to.deep.equal({ status: 503, body: { status: 'unavailable', reason: 'the receiver is busy' } });
      const chunked = await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, chunked: true });
      expect(chunked.status, 'a chunked body is paid for at --max-body-bytes').to.equal(503);
      holder.socket.end('x');
      expect((await outcome(holder)).status, 'the held body, once complete').to.equal(401);
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'room' })).status).to.equal(200);
      expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(['room']);
      expect(logs.some((line) => line.includes('no-room') && line.includes('--max-buffered-bytes'))).to.equal(true);
    });

    it('answers 503 with Retry-After to a connection over --max-connections and closes it, then serves again once one closes', async () => {
      const { url } = await start({ maxConnections: 2 });
      const idle = [raw(url), raw(url)];
      await Promise.all(idle.map((c) => c.settled));
      await sleep(100);
      const third = raw(url, postHead(2) + '{}');
      expect(await outcome(third)).to.deep.include({ status: 503, retryAfter: '5' });
      idle[0]!.socket.destroy();
      await sleep(100);
      expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).status).to.equal(200);
    });

    it('cuts off clients that send their headers byte by byte, never send anything, or trickle their body', async () => {
      const { url } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300 });
      const slowHeaders = raw(url);
      const head = postHead(10);
      let sent = 0;
      const dribble = setInterval(() => {
        if (sent < head.length && !slowHeaders.socket.destroyed) slowHeaders.socket.write(head[sent++]!);
      }, 50);
      const silent = raw(url);
      const trickle = raw(url, postHead(1000));
      const drip = setInterval(() => trickle.socket.destroyed || trickle.socket.write('x'), 50);
      try {
        const [headers, nothing, body] = await Promise.all([outcome(slowHeaders), outcome(silent), outcome(trickle)]);
        expect(sent, 'cut off before the headers were all sent').to.be.below(head.length);
        expect(headers.status ?? 408).to.equal(408);
        expect(nothing.closed || nothing.status === 408).to.equal(true);
        expect(body.status ?? 408).to.equal(408);
      } finally {
        clearInterval(dribble);
        clearInterval(drip);
      }
    });

    it('keeps the ops port answering while the main port is full of connections', async () => {
      const { url, opsUrl } = await start({ maxConnections: 3 }, 0);
      expect(opsUrl).to.be.a('string');
      const idle = [raw(url), raw(url), raw(url)];
      await Promise.all(idle.map((c) => c.settled));
      await sleep(100);
      expect((await outcome(raw(url, 'GET /healthz HTTP/1.1\r\nHost: r\r\n\r\n'))).status, 'the main port is full').to.equal(503);
      expect(await postDelivery(opsUrl!, '', { method: 'GET', path: '/healthz' })).to.deep.equal({ status: 200, body: { status: 'ok', store: 'file' } });
      expect((await postDelivery(opsUrl!, '', { method: 'GET', path: '/readyz' })).status).to.equal(200);
      expect((await postDelivery(opsUrl!, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).status, 'no deliveries on the ops port').to.equal(404);
    });

    it('logs a flood of rejected deliveries as a few lines and a count of the rest', async () => {
      const { url } = await start({});
      for (let i = 0; i < 40; i += 1) expect((await postDelivery(url, issueBody('ISSUE_UPDATED', i), { secret: 'wrong', deliveryId: `f-${i}` })).status).to.equal(401);
      expect(logs.filter((line) => line.includes('does not match')).length).to.equal(20);
    });
  });
});
