import { expect } from 'chai';
import { startSimulator, type Simulator } from './index.js';
import { call, rawCall } from './test-support/api.js';

const ME = 'DescribeCodingCurrentUser';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('injected faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 10 } });
  });
  afterEach(() => sim.faults.clear());
  after(() => sim.close());

  it('http500 answers a plain-text 500 once, then the API answers normally', async () => {
    sim.faults.inject({ kind: 'http500' });
    const res = await rawCall(sim, ME);
    expect(res.status).to.equal(500);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    expect(await res.text()).to.equal('Internal Server Error');
    expect((await rawCall(sim, ME)).status).to.equal(200);
  });

  it('http502 answers 502', async () => {
    sim.faults.inject({ kind: 'http502' });
    expect((await rawCall(sim, ME)).status).to.equal(502);
  });

  it('http503 answers 503 with the Retry-After it was given, and none otherwise', async () => {
    sim.faults.inject({ kind: 'http503', retryAfterSeconds: 7 });
    sim.faults.inject({ kind: 'http503' });
    const first = await rawCall(sim, ME);
    expect(first.status).to.equal(503);
    expect(first.headers.get('retry-after')).to.equal('7');
    const second = await rawCall(sim, ME);
    expect(second.status).to.equal(503);
    expect(second.headers.get('retry-after')).to.equal(null);
  });

  it('http429 answers 429 with Retry-After', async () => {
    sim.faults.inject({ kind: 'http429', retryAfterSeconds: 3 });
    const res = await rawCall(sim, ME);
    expect(res.status).to.equal(429);
    expect(res.headers.get('retry-after')).to.equal('3');
  });

  it('rateLimitError answers HTTP 200 with a RequestLimitExceeded envelope', async () => {
    sim.faults.inject({ kind: 'rateLimitError' });
    const response = await call(sim, ME);
    expect(response.Error?.Code).to.equal('RequestLimitExceeded');
    expect(response.RequestId).to.be.a('string');
  });

  it('invalidJson answers 200 with a body cut short', async () => {
    sim.faults.inject({ kind: 'invalidJson' });
    const res = await rawCall(sim, ME);
    expect(res.status).to.equal(200);
    const text = await res.text();
    expect(text.startsWith('{"Response"')).to.equal(true);
    expect(() => JSON.parse(text)).to.throw(SyntaxError);
  });

  it('drop closes the connection without an answer', async () => {
    sim.faults.inject({ kind: 'drop' });
    const error = await rejection(rawCall(sim, ME));
    expect(error).to.be.instanceOf(TypeError); // fetch failed: the other side closed
    expect((await rawCall(sim, ME)).status).to.equal(200);
  });

  it('hang never answers', async () => {
    sim.faults.inject({ kind: 'hang' });
    const url = new URL('/open-api', sim.origin);
    const error = await rejection(
      fetch(url, {
        method: 'POST',
        headers: { Authorization: `token ${sim.tokens.personal}` },
        body: JSON.stringify({ Action: ME }),
        signal: AbortSignal.timeout(300),
      }),
    );
    expect(error.name).to.equal('TimeoutError');
    expect((await rawCall(sim, ME)).status).to.equal(200);
  });

  it('lasts for `times` requests', async () => {
    sim.faults.inject({ kind: 'http500', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await rawCall(sim, ME)).status);
    expect(statuses).to.deep.equal([500, 500, 200]);
  });

  it('can target one Action and leave the others alone', async () => {
    sim.faults.inject({ kind: 'http503', action: 'DescribeIssue' });
    expect((await rawCall(sim, ME)).status).to.equal(200);
    expect((await rawCall(sim, 'DescribeIssue', { ProjectName: 'platform', IssueCode: 1 })).status).to.equal(503);
    expect((await rawCall(sim, 'DescribeIssue', { ProjectName: 'platform', IssueCode: 1 })).status).to.equal(200);
  });

  it('strikes before auth and before the request is processed', async () => {
    let seen = 0;
    const off = sim.onRequest(() => {
      seen++;
    });
    try {
      sim.faults.inject({ kind: 'http500' });
      expect((await rawCall(sim, ME, {}, { authorization: null })).status).to.equal(500);
      expect(seen).to.equal(0);
      await call(sim, ME);
      expect(seen).to.equal(1);
    } finally {
      off();
    }
  });

  it('clear() drops pending faults', async () => {
    sim.faults.inject({ kind: 'http500', times: 5 });
    sim.faults.clear();
    expect((await rawCall(sim, ME)).status).to.equal(200);
  });

  it('refuses a fault it does not know', () => {
    expect(() => sim.faults.inject({ kind: 'explode' as 'drop' })).to.throw(/unknown fault kind/);
    expect(() => sim.faults.inject({ kind: 'drop', times: 0 })).to.throw(/times/);
  });
});

describe('latency and rate limiting', () => {
  it('adds the configured latency to every answer', async () => {
    const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, latencyMs: 120 });
    try {
      const t = Date.now();
      await call(sim, ME);
      expect(Date.now() - t).to.be.at.least(115);
      sim.setLatency(0);
      expect((await call(sim, ME)).Error).to.equal(undefined);
    } finally {
      await sim.close();
    }
  });

  it('answers RequestLimitExceeded past the burst, per token, until the bucket refills', async () => {
    const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, rateLimit: { requestsPerSecond: 5, burst: 2 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await call(sim, ME)).Error?.Code ?? 'ok');
      expect(codes).to.deep.equal(['ok', 'ok', 'RequestLimitExceeded']);
      // Another token has its own bucket.
      expect((await call(sim, ME, {}, { authorization: `Bearer ${sim.tokens.oauth}` })).Error).to.equal(undefined);
      await new Promise((r) => setTimeout(r, 250)); // 5/s refills one request in 200 ms
      expect((await call(sim, ME)).Error).to.equal(undefined);
      sim.setRateLimit(null);
      for (let i = 0; i < 10; i++) expect((await call(sim, ME)).Error).to.equal(undefined);
    } finally {
      await sim.close();
    }
  });
});

describe('counting rate-limit refusals', () => {
  it('counts in stats.rateLimited the requests the rate limit refused, not injected rateLimitError faults', async () => {
    const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, rateLimit: { requestsPerSecond: 0.01, burst: 2 } }); // one refill per 100 s: none during the test
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await call(sim, ME)).Error?.Code ?? 'ok');
      expect(codes).to.deep.equal(['ok', 'ok', 'RequestLimitExceeded', 'RequestLimitExceeded', 'RequestLimitExceeded']);
      sim.setRateLimit(null);
      sim.faults.inject({ kind: 'rateLimitError' });
      expect((await call(sim, ME)).Error?.Code).to.equal('RequestLimitExceeded');
      expect(sim.stats).to.include({ total: 6, rateLimited: 3 });
      sim.stats.reset();
      expect(sim.stats.rateLimited).to.equal(0);
    } finally {
      await sim.close();
    }
  });
});

describe('closing the simulator', () => {
  it('ends a request left hanging and resolves promptly', async () => {
    const sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 } });
    sim.faults.inject({ kind: 'hang' });
    const pending = rejection(rawCall(sim, ME));
    while (sim.stats.total === 0) await new Promise((r) => setTimeout(r, 5));
    await sim.close();
    expect(await pending).to.be.instanceOf(Error);
    await sim.close(); // closing twice is harmless
  });
});
