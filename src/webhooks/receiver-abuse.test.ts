import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createEventStore } from './store/create-event-store.js';
import { runAbuse } from './test-support/abuse.js';
import { postDelivery } from './test-support/post-delivery.js';
import { MiB, processUsage, samplePeakUsage } from './test-support/process-usage.js';
import { closeAll, holdNearlyCompleteBodies } from './test-support/raw-connections.js';
import { startReceiverProcess, type ReceiverProcess } from './test-support/receiver-process.js';
import { collect, issueBody } from './test-support/sample-events.js';
import { testSeed } from '../test-support/seeded-random.js';

const SECRET = 'abuse-test-token';
const retention = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

describe('the receiver under abuse (a process of its own, its memory and descriptors read from /proc)', function () {
  this.timeout(60_000);
  let dir: string;
  let receiver: ReceiverProcess | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-abuse-'));
  });
  afterEach(async () => {
    await receiver?.stop();
    receiver = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('buffers no more than its body budget when 200 connections hold nearly complete bodies, and answers the rest 503 with Retry-After', async () => {
    const maxBufferedBytes = 16 * MiB;
    receiver = await startReceiverProcess({
      host: '127.0.0.1',
      port: 0,
      storeLocation: join(dir, 'events'),
      retention,
      secret: SECRET,
      allowUnsigned: false,
      limits: { maxBodyBytes: MiB, maxBufferedBytes, maxConnections: 1000 },
    });
    expect((await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET })).status).to.equal(200);
    const before = await processUsage(receiver.pid);

    const peak = samplePeakUsage(receiver.pid);
    const held = holdNearlyCompleteBodies(receiver.url, 200, MiB - 100);
    try {
      await Promise.all(held.map((connection) => connection.settled));
      // Let the receiver read what the kernel still buffers for it.
      await new Promise((done) => setTimeout(done, 1000));
      const during = await peak.stop();
      const growthMiB = (during.rssBytes - before.rssBytes) / MiB;
      console.log(`      200 held bodies of ~1 MiB: RSS ${(before.rssBytes / MiB).toFixed(0)} → peak ${(during.rssBytes / MiB).toFixed(0)} MiB, fds ${before.openFds} → peak ${during.openFds}`);
      expect(growthMiB, 'RSS growth (MiB) while the bodies are held').to.be.below((2 * maxBufferedBytes) / MiB + 48);
      // The budget admits 16 bodies; every other connection is answered and closed (under heavy load a
      // client may read the reset before the 503 that preceded it, so not every 503 is seen).
      const stillHeld = held.filter((connection) => connection.answer.status === null && !connection.answer.closed);
      expect(stillHeld.length, 'bodies still being read').to.be.at.most(maxBufferedBytes / MiB);
      const refused = held.filter((connection) => connection.answer.status === 503);
      expect(refused.length, 'connections answered 503').to.be.at.least((200 - maxBufferedBytes / MiB) / 2);
      for (const connection of refused) expect(connection.answer.retryAfter).to.match(/^\d+$/);
    } finally {
      closeAll(held);
    }
    expect((await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status, 'and it goes on storing').to.equal(200);
  });

  it('stores every valid delivery and nothing invalid, keeps /healthz answering, and stays within memory and descriptor bounds derived from its limits, under many kinds of abuse at once', async () => {
    const seed = testSeed(20_241);
    const limits = { maxBodyBytes: 256 * 1024, maxBufferedBytes: 4 * MiB, maxConnections: 256, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000 };
    // The test process holds the client side of every idle connection: stay well under its own limit.
    const idleConnections = Math.min(2000, (await openFileLimit()) - 500);
    const storeLocation = join(dir, 'events');
    receiver = await startReceiverProcess({ host: '127.0.0.1', port: 0, opsPort: 0, storeLocation, retention, secret: SECRET, allowUnsigned: false, limits });
    expect((await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'warm-up' })).status).to.equal(200);
    const before = await processUsage(receiver.pid);
    const peak = samplePeakUsage(receiver.pid);
    const report = await runAbuse({
      url: receiver.url,
      healthUrl: receiver.opsUrl!,
      secret: SECRET,
      seed,
      durationMs: 8000,
      maxBodyBytes: limits.maxBodyBytes,
      idleConnections,
      slowClients: 40,
      heldBodies: 40,
      validDeliveries: 100,
      duplicateFlood: 1000,
    });
    const during = await peak.stop();
    const after = await processUsage(receiver.pid);
    const summary =
      `seed ${seed}, ${idleConnections} idle connections at a time (${report.idleOpened} opened), slow clients cut off ${report.slowCutOff}: ` +
      `RSS ${(before.rssBytes / MiB).toFixed(0)} → peak ${(during.rssBytes / MiB).toFixed(0)} → after ${(after.rssBytes / MiB).toFixed(0)} MiB, ` +
      `fds ${before.openFds} → peak ${during.openFds} → after ${after.openFds}; ${report.healthStatuses.length} /healthz answers, the slowest in ${report.slowestHealthMs.toFixed(0)} ms; ` +
      `answers ${JSON.stringify(report.statuses)}`;
    console.log(`      ${summary}`);

    expect([...report.acknowledged].sort(), `every valid delivery acknowledged (${summary})`).to.deep.equal([...report.validIds].sort());
    expect(report.healthStatuses.length, 'probes made (one every 250 ms)').to.be.at.least(10);
    expect(report.healthStatuses.filter((status) => status !== 200), '/healthz answered 200 every time').to.deep.equal([]);
    expect(report.slowCutOff, 'slow clients were cut off').to.be.greaterThan(0);
    for (const family of ['oversized', 'malformed', 'bad-signature', 'replayed-signature'] as const) {
      const answered = Object.keys(report.statuses[family] ?? {});
      expect(answered.filter((status) => status.startsWith('2')), `${family}: never acknowledged`).to.deep.equal([]);
    }
    // Bounds from the limits: every body the budget admits, and a generous allowance per connection
    // for sockets, parsers and buffers; descriptors: the connection caps of both ports and a margin.
    const rssBound = before.rssBytes + 2 * limits.maxBufferedBytes + limits.maxConnections * 128 * 1024 + 64 * MiB;
    expect(during.rssBytes, summary).to.be.below(rssBound);
    expect(during.openFds, summary).to.be.below(before.openFds + limits.maxConnections + 64 + 64);
    expect((await postDelivery(receiver.url, '', { method: 'GET', path: '/healthz' })).status).to.equal(200);

    await receiver.stop();
    receiver = null;
    const store = await createEventStore(storeLocation, { retention });
    try {
      const ids = (await collect(store.read(null))).map((event) => event.deliveryId);
      expect(ids.filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id)), 'nothing stored twice').to.deep.equal([]);
      expect([...ids].sort(), 'exactly the valid deliveries, the duplicate once, nothing invalid').to.deep.equal(['warm-up', report.duplicateId, ...report.validIds].sort());
    } finally {
      await store.close();
    }
  });
});

async function openFileLimit(): Promise<number> {
  const limits = await readFile('/proc/self/limits', 'utf8');
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1];
  return soft === undefined || soft === 'unlimited' ? 65_536 : Number(soft);
}
