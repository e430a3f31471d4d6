import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../store/event-store.js';
import { openFileEventStore } from '../store/file/file-event-store.js';
import { postDelivery } from '../test-support/post-delivery.js';
import { openRawConnection } from '../test-support/raw-connections.js';
import { issueBody, sleep } from '../test-support/sample-events.js';
import { serveWebhooks, type RunningReceiver } from './serve-webhooks.js';

const SECRET = 'metrics-token';

/** Samples of a Prometheus text exposition, keyed by name and labels as printed. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (match?.[1] !== undefined) found.set(match[1], Number(match[2]));
  }
  return found;
}

describe('the receiver metrics (GET /metrics)', function () {
  this.timeout(20_000);
  let dir: string;
  let store: EventStore;
  let receiver: RunningReceiver;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-metrics-'));
    store = await openFileEventStore(join(dir, 'events'), { retention: { maxAgeMs: 3_600_000, maxBytes: 1 << 30 } });
    receiver = await serveWebhooks({ host: '127.0.0.1', port: 0, store, secret: SECRET, allowUnsigned: false, limits: { maxBodyBytes: 4096, headersTimeoutMs: 200, requestTimeoutMs: 400 }, log: () => undefined });
  });
  afterEach(async () => {
    await receiver.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('count deliveries by outcome and reason, time appends, and report the store, the limits in use and the process', async () => {
    const { url } = receiver;
    const post = (body: string, options: Parameters<typeof postDelivery>[2]) => postDelivery(url, body, options);
    await post(issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'm-1' });
    await post(issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'm-1' });
    await post(issueBody('ISSUE_UPDATED', 2), { secret: 'wrong' });
    await post(issueBody('ISSUE_UPDATED', 3), {});
    await post('{oops', { secret: SECRET });
    await post('{"event":"ISSUE_UPDATED"}', { secret: SECRET });
    await post('{"event":"GIT_PUSH"}', { secret: SECRET });
    await post('{}', { secret: SECRET, event: 'PING' });
    await post('x'.repeat(5000), { secret: SECRET });
    const silent = openRawConnection(url);
    while (!silent.answer.closed) await sleep(20);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const values = samples(text);
    const expected: Record<string, number> = {
      'source_coding_webhook_deliveries_total{outcome="stored"}': 1,
      'source_coding_webhook_deliveries_total{outcome="duplicate"}': 1,
      'source_coding_webhook_deliveries_total{outcome="rejected",reason="signature_mismatch"}': 1,
      'source_coding_webhook_deliveries_total{outcome="rejected",reason="signature_missing"}': 1,
      'source_coding_webhook_deliveries_total{outcome="rejected",reason="malformed"}': 1,
      'source_coding_webhook_deliveries_total{outcome="rejected",reason="wrong_shape"}': 1,
      'source_coding_webhook_deliveries_total{outcome="rejected",reason="too_large"}': 1,
      'source_coding_webhook_deliveries_total{outcome="ignored"}': 1,
      'source_coding_webhook_deliveries_total{outcome="ping"}': 1,
      'source_coding_webhook_append_duration_seconds_count': 2,
      'source_coding_webhook_client_errors_total{kind="timeout"}': 1,
      'source_coding_webhook_store_head': 1,
      'source_coding_webhook_store_retained_events': 1,
      'source_coding_webhook_store_ready': 1,
      'source_coding_webhook_store_scrape_ok': 1,
      'source_coding_webhook_bodies_in_flight': 0,
      'source_coding_webhook_body_bytes_reserved': 0,
    };
    for (const [name, value] of Object.entries(expected)) expect(values.get(name), name).to.equal(value);
    expect(values.get('source_coding_webhook_store_retained_bytes')).to.be.greaterThan(0);
    expect(values.get('source_coding_webhook_connections_open')).to.be.at.least(1);
    for (const name of ['process_resident_memory_bytes', 'process_open_fds', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(values.has(name), name).to.equal(true);
    }
    expect(text).not.to.include(SECRET);
  });
});
