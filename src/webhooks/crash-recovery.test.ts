import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookProcessOptions } from './serve-process.js';
import { createEventStore } from './store/create-event-store.js';
import { exitOf, spawnTsEntry, waitForLine } from './test-support/child-process.js';
import { acknowledged, fireDeliveries, type Delivery, type Outcome } from './test-support/fire-deliveries.js';
import { deletePrefixedKeys, startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { collect, issueBody } from './test-support/sample-events.js';

const SECRET = 'crash-test-token';
const TOTAL = 600;
const KILL_AFTER_ACKS = 200;
const retention = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

async function startReceiver(storeLocation: string): Promise<{ child: ChildProcess; url: string }> {
  const options: Omit<WebhookProcessOptions, 'log'> = { host: '127.0.0.1', port: 0, storeLocation, retention, secret: SECRET, allowUnsigned: false };
  const child = spawnTsEntry('./receiver-entry.ts', [JSON.stringify(options)]);
  const match = await waitForLine(child, /^LISTENING (\S+)$/);
  return { child, url: match[1]! };
}

/**
 * The receiver's promise under the worst stop: SIGKILL with deliveries in flight. Every delivery that
 * was answered 2xx must be in the store exactly once after a restart; the ones whose answer was lost
 * are re-delivered (as Coding's resend would) and end up stored once too.
 */
async function crashAndRecover(storeLocation: string): Promise<void> {
  const deliveries: Delivery[] = Array.from({ length: TOTAL }, (_, i) => ({
    deliveryId: `crash-${i}`,
    event: i % 3 === 0 ? 'ISSUE_CREATED' : 'ISSUE_UPDATED',
    body: issueBody(i % 3 === 0 ? 'ISSUE_CREATED' : 'ISSUE_UPDATED', i),
  }));

  const first = await startReceiver(storeLocation);
  let acks = 0;
  let killed = false;
  const phase1 = await fireDeliveries(first.url, deliveries, {
    secret: SECRET,
    concurrency: 24,
    stopped: () => killed,
    onOutcome: (outcome) => {
      if (acknowledged(outcome)) acks += 1;
      if (acks >= KILL_AFTER_ACKS && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    },
  });
  expect((await exitOf(first.child)).signal).to.equal('SIGKILL');
  const ackedBeforeKill = new Set(phase1.filter(acknowledged).map((o) => o.deliveryId));
  const unanswered = phase1.filter((o) => !acknowledged(o)).map((o) => o.deliveryId);
  expect(ackedBeforeKill.size).to.be.at.least(KILL_AFTER_ACKS);
  for (const outcome of phase1) if (!acknowledged(outcome)) expect(outcome, 'a failure other than the kill').to.have.property('error');

  const second = await startReceiver(storeLocation);
  const notAcked = deliveries.filter((d) => !ackedBeforeKill.has(d.deliveryId));
  const resent = deliveries.filter((d) => ackedBeforeKill.has(d.deliveryId)).slice(0, 50);
  const phase2: Outcome[] = await fireDeliveries(second.url, [...notAcked, ...resent], { secret: SECRET, concurrency: 24 });
  expect(phase2.filter((o) => !acknowledged(o)), 'every delivery is acknowledged after the restart').to.deep.equal([]);
  const duplicates = new Set(phase2.filter((o) => 'answer' in o && o.answer === 'duplicate').map((o) => o.deliveryId));
  for (const delivery of resent) expect(duplicates.has(delivery.deliveryId), `${delivery.deliveryId} re-delivered`).to.equal(true);

  second.child.kill('SIGTERM');
  expect(await exitOf(second.child), 'a graceful stop exits 0').to.deep.equal({ code: 0, signal: null });

  // Reopening as the writer re-reads the whole log: it must be intact, and must go on.
  const store = await createEventStore(storeLocation, { retention });
  try {
    await store.applyRetention();
    const events = await collect(store.read(null));
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.deliveryId, (counts.get(event.deliveryId) ?? 0) + 1);
    const lost = deliveries.filter((d) => !counts.has(d.deliveryId)).length;
    const storedTwice = [...counts.values()].filter((n) => n > 1).length;
    const storedBeforeAnswer = unanswered.filter((id) => duplicates.has(id)).length;
    console.log(
      `      ${storeLocation.startsWith('redis') ? 'redis' : 'file'}: acknowledged before SIGKILL ${ackedBeforeKill.size}, ` +
        `unanswered at the kill ${unanswered.length} (of which already stored ${storedBeforeAnswer}), ` +
        `re-delivered after restart ${resent.length}, stored ${events.length} of ${TOTAL}, stored twice ${storedTwice}, lost ${lost}`,
    );
    expect(lost).to.equal(0);
    expect(storedTwice).to.equal(0);
    expect(events).to.have.length(TOTAL);
    const next = await store.append({ deliveryId: 'after-recovery', event: 'ISSUE_UPDATED', projectName: 'demo', receivedAt: Date.now(), body: '{}' });
    expect(next.duplicate).to.equal(false);
    expect(await store.head()).to.equal(next.offset);
  } finally {
    await store.close();
  }
}

describe('the receiver killed with deliveries in flight', function () {
  this.timeout(120_000);

  it('loses no acknowledged delivery and stores none twice, on a directory store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'source-coding-crash-'));
    try {
      await crashAndRecover(join(dir, 'events'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('on Redis', () => {
    let redis: TestRedis;
    before(async () => {
      redis = await startTestRedis();
    });
    after(async () => {
      await redis?.stop();
    });

    it('loses no acknowledged delivery and stores none twice, on a Redis store', async () => {
      const url = redis.isolatedUrl();
      try {
        await crashAndRecover(url);
      } finally {
        await deletePrefixedKeys(url);
      }
    });
  });
});
