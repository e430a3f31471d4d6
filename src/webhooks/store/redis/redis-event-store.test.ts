import { expect } from 'chai';
import { ConfigError, TransientError } from '../../../errors.js';
import { collect, sampleEvent } from '../../test-support/sample-events.js';
import { deletePrefixedKeys, freePort, startTestRedis, type TestRedis } from '../../test-support/redis-server.js';
import { startTcpProxy, throughProxy } from '../../test-support/tcp-proxy.js';
import { createEventStore } from '../create-event-store.js';
import type { EventStore } from '../event-store.js';
import { EventStoreUnavailableError } from '../store-errors.js';
import { openRedisEventStore } from './redis-event-store.js';
import { parseRedisLocation } from './redis-location.js';

const retention = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('Redis event store', function () {
  this.timeout(20_000);
  let redis: TestRedis;
  let urls: string[];
  let stores: EventStore[];
  const isolated = (): string => {
    const url = redis.isolatedUrl();
    urls.push(url);
    return url;
  };

  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  beforeEach(() => {
    urls = [];
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    for (const url of urls) await deletePrefixedKeys(url);
  });

  it('pages through the stream rather than reading it whole', async () => {
    const store = await openRedisEventStore(isolated(), { retention, readPageSize: 3 });
    stores.push(store);
    for (let i = 0; i < 10; i += 1) await store.append(sampleEvent({ deliveryId: `p${i}` }));
    expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `p${i}`));
  });

  it('keeps stores with different prefixes apart', async () => {
    const a = await createEventStore(isolated(), { retention });
    const b = await createEventStore(isolated(), { retention });
    stores.push(a, b);
    await a.append(sampleEvent({ deliveryId: 'same' }));
    expect((await b.append(sampleEvent({ deliveryId: 'same' }))).duplicate).to.equal(false);
    expect(await a.id()).not.to.equal(await b.id());
  });

  it('fails to open with a transient error naming host:port, never the password, when Redis is unreachable', async () => {
    const port = await freePort();
    const error = await failureOf(createEventStore(`redis://user:s3cret-pw@127.0.0.1:${port}/0`, { retention }));
    expect(error).to.be.instanceOf(TransientError);
    expect((error as Error).message).to.include(`127.0.0.1:${port}`).and.not.include('s3cret-pw');
  });

  it('reports refused credentials as a configuration error, without the password', async () => {
    const url = new URL(isolated());
    url.username = 'nobody';
    url.password = 'wrong-pw';
    const error = await failureOf(createEventStore(url.href, { retention }));
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.include('credentials').and.not.include('wrong-pw');
  });

  it('rejects appends as unavailable while Redis is away, and works again when it is back', async () => {
    const proxy = await startTcpProxy(redis.host, redis.port);
    try {
      const store = await createEventStore(throughProxy(isolated(), proxy), { retention });
      stores.push(store);
      await store.append(sampleEvent({ deliveryId: 'before' }));
      await proxy.cut();
      const error = await failureOf(store.append(sampleEvent({ deliveryId: 'during' })));
      expect(error).to.be.instanceOf(EventStoreUnavailableError);
      expect((error as Error).message).to.include(`127.0.0.1:${proxy.port}`);
      expect(await failureOf(store.head())).to.be.instanceOf(EventStoreUnavailableError);
      await proxy.restore();
      let after: unknown = null;
      for (let i = 0; i < 100; i += 1) {
        after = await store.append(sampleEvent({ deliveryId: 'after' })).catch((caught: unknown) => caught);
        if (!(after instanceof Error)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(after).to.include({ duplicate: false });
      expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(['before', 'after']);
    } finally {
      await proxy.close();
    }
  });

  it('fails an append, a probe and a read as unavailable within the command timeout when Redis takes commands but never answers', async () => {
    const proxy = await startTcpProxy(redis.host, redis.port);
    try {
      const store = await createEventStore(throughProxy(isolated(), proxy), { retention, commandTimeoutMs: 200 });
      stores.push(store);
      await store.append(sampleEvent({ deliveryId: 'before' }));
      proxy.stall();
      for (const call of [store.append(sampleEvent({ deliveryId: 'paused' })), store.probe(), collect(store.read(null))]) {
        const error = await failureOf(call);
        expect(error).to.be.instanceOf(EventStoreUnavailableError);
        expect((error as Error).message).to.include('did not answer within 200 ms');
      }
      proxy.unstall();
      await store.probe();
      expect(await store.retained()).to.include({ events: 2 });
      expect((await store.append(sampleEvent({ deliveryId: 'paused' }))).duplicate, 'the append Redis took late is kept, and its resend is a duplicate').to.equal(true);
    } finally {
      await proxy.close();
    }
  });

  describe('store URLs', () => {
    it('take the database from the path and the key prefix from ?prefix=', () => {
      const location = parseRedisLocation('redis://:pw@cache.internal:6380/3?prefix=team-a');
      expect(location).to.deep.include({ prefix: 'team-a', describe: 'cache.internal:6380/3', password: 'pw' });
      expect(location.clientUrl).to.equal('redis://:pw@cache.internal:6380/3');
      expect(parseRedisLocation('rediss://cache').describe).to.equal('cache:6379');
      expect(parseRedisLocation('redis://cache').prefix).to.equal('source-coding');
    });

    it('refuse what they cannot mean, without echoing a password', () => {
      for (const url of ['redis://cache/zero', 'redis://cache?prefix=has space', 'redis://cache?db=2', 'redis://user:pw@[bad']) {
        let error: unknown;
        try {
          parseRedisLocation(url);
        } catch (caught) {
          error = caught;
        }
        expect(error, url).to.be.instanceOf(ConfigError);
        expect((error as Error).message).not.to.include(':pw@');
      }
    });
  });
});
