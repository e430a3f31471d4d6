import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postDelivery } from './test-support/post-delivery.js';
import { MiB, processUsage, samplePeakUsage } from './test-support/process-usage.js';
import { closeAll, holdNearlyCompleteBodies } from './test-support/raw-connections.js';
import { startReceiverProcess, type ReceiverProcess } from './test-support/receiver-process.js';
import { issueBody } from './test-support/sample-events.js';

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

  it('buffers no more than its body budget when hundreds of connections hold nearly complete bodies, and answers the rest 503 with Retry-After', async () => {
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
    const held = holdNearlyCompleteBodies(receiver.url, 300, MiB - 100);
    try {
      await Promise.all(held.map((connection) => connection.settled));
      // Let the receiver read what the kernel still buffers for it.
      await new Promise((done) => setTimeout(done, 1000));
      const during = await peak.stop();
      const growthMiB = (during.rssBytes - before.rssBytes) / MiB;
      console.log(`      300 held bodies of ~1 MiB: RSS ${(before.rssBytes / MiB).toFixed(0)} → peak ${(during.rssBytes / MiB).toFixed(0)} MiB, fds ${before.openFds} → peak ${during.openFds}`);
      expect(growthMiB, 'RSS growth (MiB) while the bodies are held').to.be.below((2 * maxBufferedBytes) / MiB + 48);
      const refused = held.filter((connection) => connection.answer.status === 503);
      expect(refused.length, 'connections answered 503').to.be.at.least(300 - maxBufferedBytes / MiB);
      for (const connection of refused) expect(connection.answer.retryAfter).to.match(/^\d+$/);
    } finally {
      closeAll(held);
    }
    expect((await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 2), { secret: SECRET })).status, 'and it goes on storing').to.equal(200);
  });
});
