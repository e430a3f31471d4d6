import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient, type BackoffEvent, type CodingClientOptions } from './client.js';
import { CodingApiError, CodingAuthError, CodingNotFoundError, CodingPermissionError, CodingResponseError, CodingTokenFormatError, CodingUnavailableError } from './errors.js';
import type { OAuthTokens } from './oauth.js';
import { offsetLimitShape, pageNumberShape, pages } from './paging.js';
import { RateLimiter } from './rate-limiter.js';
import { freePort } from '../test-support/free-port.js';
import { startStubServer, type StubServer } from '../test-support/stub-http-server.js';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 4, maxElapsedMs: 5_000 };

describe('CodingClient against the simulator', () => {
  let sim: Simulator;
  let backoffs: BackoffEvent[];

  const client = (overrides: Partial<CodingClientOptions> = {}) =>
    new CodingClient({
      apiUrl: sim.apiUrl,
      authScheme: 'token',
      accessToken: sim.tokens.personal,
      limiter: new RateLimiter(1000),
      retry: FAST_RETRY,
      onBackoff: (event) => backoffs.push(event),
      ...overrides,
    });

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 30 } });
  });
  after(() => sim.close());
  beforeEach(() => {
    backoffs = [];
    sim.faults.clear();
    sim.setRateLimit(null);
    sim.setLatency(0);
  });

  const callMany = (subject: CodingClient, count: number) => Promise.all([...Array(count)].map(() => subject.call('DescribeCodingCurrentUser')));

  it('returns the content of the Response envelope', async () => {
    const response = await client().call('DescribeCodingCurrentUser');
    expect(response.User).to.have.property('Name', '张伟');
    expect(response.RequestId).to.be.a('string');
  });

  it('authenticates OAuth tokens with Bearer', async () => {
    const response = await client({ authScheme: 'Bearer', accessToken: sim.tokens.oauth }).call('DescribeCodingCurrentUser');
    expect(response.User).to.be.an('object');
  });

  it('turns AuthFailure into a config error that never quotes the token', async () => {
    const bad = 'f'.repeat(40);
    const error = await client({ accessToken: bad }).call('DescribeCodingCurrentUser').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingAuthError);
    expect((error as CodingAuthError).failureType).to.equal('config_error');
    expect((error as Error).message).to.match(/rejected the access token.*credentials\.access_token/);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack })).not.to.include(bad);
    expect(String((error as Error).cause ?? '')).not.to.include(bad);
  });

  it('reports ResourceNotFound as its own error type', async () => {
    const error = await client().call('DescribeProjectByName', { ProjectName: 'no-such-project' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingNotFoundError);
  });

  it('reports a missing scope as a permission error naming the scope', async () => {
    const error = await client({ accessToken: sim.tokens.noMemberScope })
      .call('DescribeProjectMembers', { ProjectId: sim.project('platform').Id, PageNumber: 1, PageSize: 10 })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingPermissionError);
    expect((error as Error).message).to.include('project:member:ro');
  });

  for (const kind of ['http500', 'http502', 'http503', 'http429', 'rateLimitError', 'drop', 'invalidJson'] as const) {
    it(`retries through a ${kind} answer and succeeds`, async () => {
      sim.faults.inject({ kind, times: 2 });
      const response = await client().call('DescribeCodingCurrentUser');
      expect(response.User).to.be.an('object');
      expect(backoffs).to.have.length(2);
    });
  }

  it('counts every request it sends, retries included', async () => {
    const counted = client();
    await counted.call('DescribeCodingCurrentUser');
    sim.faults.inject({ kind: 'http503', times: 2 });
    await counted.call('DescribeCodingCurrentUser');
    expect(counted.requestCount).to.equal(4);
  });

  it('says why it backs off: rate limiting apart from server errors', async () => {
    sim.faults.inject({ kind: 'rateLimitError', times: 1 });
    sim.faults.inject({ kind: 'http503', times: 1 });
    await client().call('DescribeCodingCurrentUser');
    expect(backoffs.map((b) => b.reason)).to.deep.equal(['rate_limited', 'server_error']);
  });

  it('honours Retry-After', async () => {
    sim.faults.inject({ kind: 'http429', times: 1, retryAfterSeconds: 1 });
    await client().call('DescribeCodingCurrentUser');
    expect(backoffs[0]?.delayMs).to.be.at.least(1000);
  });

  it('gives up after its retries with a transient error', async () => {
    sim.faults.inject({ kind: 'http502', times: 10 });
    const error = await client().call('DescribeCodingCurrentUser').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingUnavailableError);
    expect((error as CodingUnavailableError).failureType).to.equal('transient_error');
    expect((error as Error).message).to.match(/HTTP 502.*after every retry/);
    expect(backoffs).to.have.length(FAST_RETRY.maxRetries);
  });

  it('gives up on rate limiting with a transient error that says what to do', async () => {
    sim.faults.inject({ kind: 'rateLimitError', times: 10 });
    const error = await client().call('DescribeCodingCurrentUser').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingApiError);
    expect((error as CodingApiError).failureType).to.equal('transient_error');
    expect((error as Error).message).to.match(/requests_per_second/);
  });

  it('times out a request that hangs and retries it', async () => {
    sim.faults.inject({ kind: 'hang', times: 1 });
    const response = await client({ timeoutMs: 300 }).call('DescribeCodingCurrentUser');
    expect(response.User).to.be.an('object');
    expect(backoffs.map((b) => b.reason)).to.deep.equal(['network_error']);
  });

  it('stays under a server-side rate limit instead of bouncing off it', async () => {
    // A burst of 2 absorbs network jitter; the client asks for half the server's rate.
    sim.setRateLimit({ requestsPerSecond: 20, burst: 2 });
    const limited = client({ limiter: new RateLimiter(10) });
    for (let i = 0; i < 10; i++) await limited.call('DescribeCodingCurrentUser');
    expect(backoffs).to.deep.equal([]);
  });

  it('shares one rate limit between concurrent callers', async () => {
    // Two callers at 8/s each would exceed the server's 12/s; sharing one 8/s limiter keeps both under it.
    sim.setRateLimit({ requestsPerSecond: 12, burst: 2 });
    const limiter = new RateLimiter(8);
    const a = client({ limiter });
    const b = client({ limiter });
    await Promise.all([...Array(6)].flatMap(() => [a.call('DescribeCodingCurrentUser'), b.call('DescribeCodingCurrentUser')]));
    expect(backoffs).to.deep.equal([]);
  });

  it('reports an unreachable host as unavailable, naming the host', async () => {
    const port = await freePort();
    const error = await client({ apiUrl: `http://127.0.0.1:${port}/open-api`, retry: { ...FAST_RETRY, maxRetries: 1 } })
      .call('DescribeCodingCurrentUser')
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingUnavailableError);
    expect((error as Error).message).to.include(`127.0.0.1:${port}`).and.to.include('connection refused');
  });

  it('reports a URL that is not the OpenAPI as a config error', async () => {
    const error = await client({ apiUrl: `${sim.origin}/not-the-api` }).call('DescribeCodingCurrentUser').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingUnavailableError);
    expect((error as CodingUnavailableError).failureType).to.equal('config_error');
  });

  it('renews a rejected OAuth token once and replays the request', async () => {
    const stale = sim.tokens.oauth;
    const { clientId, clientSecret } = sim.tokens.oauthClient;
    // Someone else renews first: the token the connector holds stops working.
    await fetch(`${sim.origin}/api/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sim.tokens.oauthClient.refreshToken, client_id: clientId, client_secret: clientSecret }),
    });
    const renewed: string[] = [];
    const oauth = client({
      authScheme: 'Bearer',
      accessToken: stale,
      oauthRefresh: { clientId, clientSecret, refreshToken: sim.tokens.oauthClient.refreshToken },
      onTokensRefreshed: (tokens) => renewed.push(tokens.accessToken),
    });
    const response = await oauth.call('DescribeCodingCurrentUser');
    expect(response.User).to.be.an('object');
    expect(renewed).to.deep.equal([sim.tokens.oauth]);
  });

  describe('OAuth renewal', () => {
    const oauthClient = (overrides: Partial<CodingClientOptions> = {}) => {
      const renewed: OAuthTokens[] = [];
      const { clientId, clientSecret, refreshToken } = sim.tokens.oauthClient;
      const subject = client({
        authScheme: 'Bearer',
        accessToken: sim.tokens.oauth,
        oauthRefresh: { clientId, clientSecret, refreshToken },
        onTokensRefreshed: (tokens) => renewed.push(tokens),
        maxConcurrency: 10,
        ...overrides,
      });
      return { subject, renewed };
    };

    it('renews an expired token once for all the calls refused together, and every call succeeds', async () => {
      const { subject, renewed } = oauthClient();
      await subject.call('DescribeCodingCurrentUser');
      // The latency keeps all nine calls in flight when their refusals come back.
      sim.setLatency(150);
      sim.oauth.expireAccessToken();
      const before = sim.oauth.refreshRequests;
      const answers = await callMany(subject, 9);
      expect(answers.map((a) => typeof a.User)).to.deep.equal(Array(9).fill('object'));
      expect(sim.oauth.refreshRequests - before).to.equal(1);
      expect(renewed).to.deep.equal([{ accessToken: sim.tokens.oauth, refreshToken: sim.tokens.oauthClient.refreshToken }]);
    });

    it('replays a call refused with a token already replaced, without renewing again', async () => {
      const { subject, renewed } = oauthClient();
      let expireOnce = true;
      // Half the calls are refused after the first refusal triggered the renewal, some after it completed.
      const stop = sim.onRequest(async () => {
        if (expireOnce) {
          expireOnce = false;
          sim.oauth.expireAccessToken();
        }
        await sleep(20);
      });
      try {
        const before = sim.oauth.refreshRequests;
        sim.setLatency(10);
        const answers = await Promise.all([...Array(9)].map(async (_, i) => {
          await sleep(i * 15);
          return subject.call('DescribeCodingCurrentUser');
        }));
        expect(answers).to.have.length(9);
        expect(sim.oauth.refreshRequests - before).to.equal(1);
        expect(renewed.map((t) => t.accessToken)).to.deep.equal([sim.tokens.oauth]);
      } finally {
        stop();
      }
    });

    it('fails every waiting call with the renewal\'s error, after a single refresh request', async () => {
      const { subject, renewed } = oauthClient({ oauthRefresh: { ...sim.tokens.oauthClient, clientSecret: 'wrong' } });
      sim.setLatency(100);
      sim.oauth.expireAccessToken();
      const before = sim.oauth.refreshRequests;
      const errors = await Promise.all([...Array(9)].map(() => subject.call('DescribeCodingCurrentUser').catch((e: unknown) => e)));
      for (const error of errors) {
        expect(error).to.be.instanceOf(CodingAuthError);
        expect((error as Error).message).to.match(/renewing it failed \(HTTP 400\)/);
      }
      expect(sim.oauth.refreshRequests - before).to.equal(1);
      expect(renewed).to.deep.equal([]);
    });

    it('does not renew again when the renewed token is refused too', async () => {
      const renewed: string[] = [];
      const { subject } = oauthClient({
        onTokensRefreshed: (tokens) => {
          renewed.push(tokens.accessToken);
          // A token refused as soon as it is issued: renewing is not what the token lacks.
          sim.oauth.expireAccessToken();
        },
      });
      sim.setLatency(100);
      sim.oauth.expireAccessToken();
      const before = sim.oauth.refreshRequests;
      const errors = await Promise.all([...Array(5)].map(() => subject.call('DescribeCodingCurrentUser').catch((e: unknown) => e)));
      for (const error of errors) {
        expect(error).to.be.instanceOf(CodingAuthError);
        expect((error as Error).message).to.match(/rejected the access token/);
      }
      expect(sim.oauth.refreshRequests - before).to.equal(1);
      expect(renewed).to.have.length(1);
    });
  });

  describe('concurrency and rate', () => {
    it('keeps at most maxConcurrency requests in flight, retries included', async () => {
      let inFlight = 0;
      let most = 0;
      const stop = sim.onRequest(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(30);
        inFlight--;
      });
      try {
        sim.faults.inject({ kind: 'http503', times: 5 });
        await callMany(client({ maxConcurrency: 4 }), 50);
      } finally {
        stop();
      }
      expect(most).to.equal(4);
    });

    it('never exceeds requests_per_second with 50 concurrent calls', async () => {
      // The server allows exactly the configured rate; its burst absorbs up to 250 ms of jitter in transit,
      // far less than the excess of a client going faster (50 requests at once, or twice the rate for 2.5 s).
      sim.setRateLimit({ requestsPerSecond: 20, burst: 6 });
      const answers = await callMany(client({ limiter: new RateLimiter(20), maxConcurrency: 50 }), 50);
      expect(answers).to.have.length(50);
      expect(backoffs).to.deep.equal([]);
    });

    it('takes a rate-limiter slot for every attempt, retries and OAuth replays included', async () => {
      const limiter = new RateLimiter(1000);
      let slots = 0;
      const acquire = limiter.acquire.bind(limiter);
      limiter.acquire = () => {
        slots++;
        return acquire();
      };
      sim.faults.inject({ kind: 'http503', times: 2 });
      sim.faults.inject({ kind: 'rateLimitError', times: 1 });
      sim.faults.inject({ kind: 'drop', times: 1 });
      sim.stats.reset();
      await client({ limiter }).call('DescribeCodingCurrentUser');
      expect(sim.stats.total).to.equal(5);
      expect(slots).to.equal(5);
    });

    it('lowers its request rate when Coding throttles, and still gets every answer', async () => {
      sim.setRateLimit({ requestsPerSecond: 20, burst: 1 });
      const limiter = new RateLimiter(200);
      const answers = await callMany(client({ limiter, retry: { ...FAST_RETRY, maxRetries: 8 } }), 40);
      expect(answers).to.have.length(40);
      expect(limiter.throttledCount).to.be.greaterThan(0);
      expect(limiter.requestsPerSecond).to.be.lessThan(200);
    });
  });

  describe('answers Coding should never give', () => {
    let stub: StubServer | undefined;
    afterEach(async () => {
      await stub?.close();
      stub = undefined;
    });

    it('retries a JSON answer without the Response envelope twice, quickly, then reports it as a system error', async () => {
      stub = await startStubServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
      const error = await client({ apiUrl: stub.url, retry: { ...FAST_RETRY, baseDelayMs: 1000, maxRetries: 8 } }).call('DescribeCodingCurrentUser').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CodingResponseError);
      expect((error as CodingResponseError).failureType).to.equal('system_error');
      expect((error as Error).message).to.include('DescribeCodingCurrentUser').and.to.include('no Response envelope').and.to.include('an empty JSON object');
      expect(stub.requests).to.equal(3);
      expect(backoffs.map((b) => b.reason)).to.deep.equal(['no_envelope', 'no_envelope']);
      for (const backoff of backoffs) expect(backoff.delayMs).to.be.at.most(400);
    });

    it('stops downloading an answer past maxResponseBytes as it streams, and does not retry', async () => {
      const total = 256 * 1024 * 1024;
      let written = 0;
      let closed: () => void = () => undefined;
      const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
      stub = await startStubServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.on('close', closed);
        const pump = () => {
          while (written < total && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      });
      const error = await client({ apiUrl: stub.url, maxResponseBytes: 1024 * 1024 }).call('DescribeIssueListWithPage').catch((e: unknown) => e);
      await connectionClosed;
      expect(error).to.be.instanceOf(CodingResponseError);
      expect((error as Error).message).to.include('DescribeIssueListWithPage').and.to.include('1 MiB').and.to.include('SOURCE_CODING_MAX_RESPONSE_BYTES');
      expect(stub.requests).to.equal(1);
      expect(backoffs).to.deep.equal([]);
      // Buffering first would have read it all; the socket's buffers hold a few MiB at most.
      expect(written).to.be.lessThan(total / 4);
    });

    it('refuses an answer whose announced length is past maxResponseBytes before reading it', async () => {
      stub = await startStubServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 ** 3) });
        res.write('{"Response":');
      });
      const error = await client({ apiUrl: stub.url, maxResponseBytes: 1024 * 1024 }).call('DescribeCodingCurrentUser').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CodingResponseError);
      expect(stub.requests).to.equal(1);
    });
  });

  for (const [what, token] of [['a line break', `${'a'.repeat(20)}\n${'b'.repeat(19)}`], ['a character beyond Latin-1', `${'a'.repeat(20)}令${'b'.repeat(19)}`]] as const) {
    it(`reports a token with ${what} as a config error naming credentials.access_token, without quoting it or retrying`, async () => {
      const error = await client({ accessToken: token }).call('DescribeCodingCurrentUser').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CodingTokenFormatError);
      expect((error as CodingTokenFormatError).failureType).to.equal('config_error');
      expect((error as Error).message).to.include('credentials.access_token').and.not.to.include('aaaa');
      expect(backoffs).to.deep.equal([]);
    });
  }

  it('pages through page-number listings until the total is reached', async () => {
    const seen: number[] = [];
    for await (const page of pages(client(), 'DescribeIssueListWithPage', { ProjectName: 'platform', IssueType: 'ALL', ShowSubIssues: true, SortKey: 'CODE', SortValue: 'ASC' }, pageNumberShape('List'), 7, (i) => i.Code)) {
      seen.push(...page.items.map((i) => Number(i.Code)));
    }
    expect(seen).to.deep.equal(sim.issueCodes('platform'));
  });

  it('pages through offset/limit listings (Offset is a page number)', async () => {
    const seen: number[] = [];
    for await (const page of pages(client(), 'DescribeIterationList', { ProjectName: 'platform' }, offsetLimitShape('List'), 3, (i) => i.Code)) {
      seen.push(...page.items.map((i) => Number(i.Code)));
    }
    expect(seen.sort((a, b) => a - b)).to.deep.equal(sim.iterations('platform').map((i) => i.Code).sort((a, b) => a - b));
  });
});
