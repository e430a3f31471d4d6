/**
 * Throughput of the webhook receiver on loopback: N signed deliveries, C in flight, against a
 * receiver process with a directory store (fsync on) and with a Redis store.
 *
 *   node --import tsx src/webhooks/bench-receiver.ts [--n 5000] [--c 64] [--store file|redis|both] [--no-fsync] [--dir D]
 *
 * --no-fsync shows what the fsync costs; --dir puts the file store on another filesystem than the
 * temp directory (fsync on tmpfs or overlayfs costs far less than on a real disk).
 *
 * Redis: REDIS_URL when set, else a redis-server from PATH on a free port (appendonly yes,
 * appendfsync everysec, Redis's default).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WebhookProcessOptions } from './serve-process.js';
import { exitOf, spawnTsEntry, waitForLine } from './test-support/child-process.js';
import { acknowledged, fireDeliveries, type Delivery } from './test-support/fire-deliveries.js';
import { deletePrefixedKeys, startTestRedis } from './test-support/redis-server.js';
import { issueBody } from './test-support/sample-events.js';

const SECRET = 'bench-token';
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    c: { type: 'string', default: '64' },
    store: { type: 'string', default: 'both' },
    'no-fsync': { type: 'boolean', default: false },
    dir: { type: 'string', default: tmpdir() },
  },
});
const total = Number(values.n);
const concurrency = Number(values.c);

async function bench(label: string, storeLocation: string): Promise<void> {
  const options: Omit<WebhookProcessOptions, 'log'> = {
    host: '127.0.0.1',
    port: 0,
    storeLocation,
    retention: { maxAgeMs: 7 * 24 * 3600_000, maxBytes: 1 << 30 },
    fsync: !values['no-fsync'],
    secret: SECRET,
    allowUnsigned: false,
  };
  const child = spawnTsEntry('./receiver-entry.ts', [JSON.stringify(options)]);
  const url = (await waitForLine(child, /^LISTENING (\S+)$/))[1]!;
  try {
    const make = (n: number): Delivery[] =>
      Array.from({ length: n }, (_, i) => ({ deliveryId: randomUUID(), event: 'ISSUE_UPDATED', body: issueBody('ISSUE_UPDATED', i, { description: 'd'.repeat(400) }) }));
    await fireDeliveries(url, make(200), { secret: SECRET, concurrency });
    const deliveries = make(total);
    const started = performance.now();
    const outcomes = await fireDeliveries(url, deliveries, { secret: SECRET, concurrency });
    const seconds = (performance.now() - started) / 1000;
    const failed = outcomes.filter((o) => !acknowledged(o)).length;
    const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
    const pct = (p: number): string => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    console.log(
      `${label.padEnd(22)} ${String(total).padStart(6)} deliveries, ${String(concurrency).padStart(3)} in flight: ` +
        `${(total / seconds).toFixed(0).padStart(6)} events/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, failed ${failed}`,
    );
  } finally {
    child.kill('SIGTERM');
    await exitOf(child);
  }
}

if (values.store === 'file' || values.store === 'both') {
  const dir = await mkdtemp(join(values.dir, 'source-coding-bench-'));
  try {
    await bench(`file store, fsync ${values['no-fsync'] ? 'off' : 'on'}`, join(dir, 'events'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (values.store === 'redis' || values.store === 'both') {
  const redis = await startTestRedis();
  const url = redis.isolatedUrl();
  try {
    await bench('redis store', url);
  } finally {
    await deletePrefixedKeys(url);
    await redis.stop();
  }
}
