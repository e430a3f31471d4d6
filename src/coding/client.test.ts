import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient, type BackoffEvent, type CodingClientOptions } from './client.js';
import { CodingApiError, CodingAuthError, CodingNotFoundError, CodingPermissionError, CodingUnavailableError } from './errors.js';
import { offsetLimitShape, pageNumberShape, pages } from './paging.js';
import { RateLimiter } from './rate-limiter.js';
import { freePort } from '../test-support/free-port.js';

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
  });

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
