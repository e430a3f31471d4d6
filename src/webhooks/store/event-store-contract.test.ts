import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../test-support/event-store-contract.js';
import { deletePrefixedKeys, startTestRedis, type TestRedis } from '../test-support/redis-server.js';
import { createEventStore } from './create-event-store.js';
import { openFileEventStore } from './file/file-event-store.js';

describe('event stores', function () {
  // Segments of one batch each, so that retention (which deletes whole segments) is exact here.
  describeEventStoreContract('directory store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'source-coding-store-'));
    return {
      open: (retention) => openFileEventStore(join(dir, 'events'), { retention: { maxAgeMs: 1, maxBytes: 1, ...retention }, segmentBytes: 1 }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  });

  describe('on Redis', function () {
    let redis: TestRedis;
    before(async function () {
      this.timeout(20_000);
      redis = await startTestRedis();
    });
    after(async () => {
      await redis?.stop();
    });

    describeEventStoreContract('Redis store', async () => {
      const url = redis.isolatedUrl();
      return {
        open: (retention) => createEventStore(url, { retention: { maxAgeMs: 1, maxBytes: 1, ...retention } }),
        cleanup: () => deletePrefixedKeys(url),
      };
    });
  });
});
