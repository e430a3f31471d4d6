/**
 * The abuse of receiver-abuse.test.ts as a measurement: prints the receiver's RSS and open
 * descriptors before, at the peak during, and after the abuse, and what each family was answered.
 *
 *   node --import tsx src/webhooks/test-support/bench-abuse.ts [--seed 20241] [--idle 2000] [--seconds 8]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAbuse } from './abuse.js';
import { postDelivery } from './post-delivery.js';
import { MiB, processUsage, samplePeakUsage, type ProcessUsage } from './process-usage.js';
import { startReceiverProcess } from './receiver-process.js';
import { issueBody } from './sample-events.js';

const SECRET = 'bench-token';
const { values } = parseArgs({ options: { seed: { type: 'string', default: '20241' }, idle: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '8' } } });
const limits = { maxBodyBytes: 256 * 1024, maxBufferedBytes: 4 * MiB, maxConnections: 256, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000 };
const dir = await mkdtemp(join(tmpdir(), 'source-coding-abuse-bench-'));
const receiver = await startReceiverProcess({
  host: '127.0.0.1',
  port: 0,
  opsPort: 0,
  storeLocation: join(dir, 'events'),
  retention: { maxAgeMs: 3_600_000, maxBytes: 1 << 30 },
  secret: SECRET,
  allowUnsigned: false,
  limits,
});
const show = (label: string, usage: ProcessUsage): void => console.log(`${label.padEnd(14)} RSS ${(usage.rssBytes / MiB).toFixed(0).padStart(5)} MiB, open fds ${usage.openFds}`);
try {
  await postDelivery(receiver.url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET });
  show('before', await processUsage(receiver.pid));
  const peak = samplePeakUsage(receiver.pid);
  const report = await runAbuse({
    url: receiver.url,
    healthUrl: receiver.opsUrl ?? receiver.url,
    secret: SECRET,
    seed: Number(values.seed),
    durationMs: Number(values.seconds) * 1000,
    maxBodyBytes: limits.maxBodyBytes,
    idleConnections: Number(values.idle),
    slowClients: 40,
    heldBodies: 40,
    validDeliveries: 100,
    duplicateFlood: 1000,
  });
  show('peak during', await peak.stop());
  show('after', await processUsage(receiver.pid));
  console.log(`valid acknowledged ${report.acknowledged.size}/${report.validIds.length}; /healthz answers ${report.healthStatuses.length} (non-200: ${report.healthStatuses.filter((s) => s !== 200).length}), slowest ${report.slowestHealthMs.toFixed(0)} ms`);
  console.log(`idle opened ${report.idleOpened}, slow clients cut off ${report.slowCutOff}; answers ${JSON.stringify(report.statuses)}`);
} finally {
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
}
