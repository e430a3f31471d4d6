/**
 * Memory and descriptors of a receiver process while many connections hold nearly complete bodies
 * with a wrong signature (issue 12, defect 2): prints RSS and open descriptors before, at the peak
 * while they are held, and after they are released.
 *
 *   node --import tsx src/webhooks/test-support/bench-held-bodies.ts [--n 1000] [--body-bytes 1048476] [--max-buffered-mib 64] [--max-connections 1000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postDelivery } from './post-delivery.js';
import { MiB, processUsage, samplePeakUsage, type ProcessUsage } from './process-usage.js';
import { closeAll, holdNearlyCompleteBodies } from './raw-connections.js';
import { startReceiverProcess } from './receiver-process.js';
import { issueBody, sleep } from './sample-events.js';

const SECRET = 'bench-token';
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    'body-bytes': { type: 'string', default: String(MiB - 100) },
    'max-buffered-mib': { type: 'string', default: '64' },
    'max-connections': { type: 'string', default: '1000' },
  },
});
const count = Number(values.n);
const dir = await mkdtemp(join(tmpdir(), 'source-coding-held-'));
const receiver = await startReceiverProcess({
  host: '127.0.0.1',
  port: 0,
  storeLocation: join(dir, 'events'),
  retention: { maxAgeMs: 3_600_000, maxBytes: 1 << 30 },
  secret: SECRET,
  allowUnsigned: false,
  limits: { maxBufferedBytes: Number(values['max-buffered-mib']) * MiB, maxConnections: Number(values['max-connections']) },
});
const show = (label: string, usage: ProcessUsage): void => console.log(`${label.padEnd(34)} RSS ${(usage.rssBytes / MiB).toFixed(0).padStart(5)} MiB, open fds ${usage.openFds}`);
try {
  await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET });
  show('before', await processUsage(receiver.pid));
  const peak = samplePeakUsage(receiver.pid);
  const held = holdNearlyCompleteBodies(receiver.url, count, Number(values['body-bytes']));
  await Promise.all(held.map((c) => c.settled));
  await sleep(2000);
  show(`peak while ${count} bodies are held`, await peak.stop());
  const answered = held.filter((c) => c.answer.status !== null);
  console.log(`answered while held: ${answered.length} (${[...new Set(answered.map((c) => c.answer.status))].join(', ')}), still open: ${held.filter((c) => !c.answer.closed).length}`);
  closeAll(held);
  await sleep(3000);
  show('3 s after releasing them', await processUsage(receiver.pid));
} finally {
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
}
