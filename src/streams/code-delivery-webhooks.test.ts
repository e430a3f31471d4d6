import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../coding/client.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import type { Stream } from '../engine/declaration.js';
import { read } from '../engine/read.js';
import type { JsonObject } from '../json.js';
import { testRunContext } from '../test-support/run-context.js';
import { serveWebhooks, WEBHOOK_PATH, type RunningReceiver } from '../webhooks/receiver/serve-webhooks.js';
import { DEFAULT_RETENTION } from '../webhooks/store/event-store.js';
import { openFileEventStore } from '../webhooks/store/file/file-event-store.js';
import type { EventStore } from '../webhooks/store/event-store.js';
import { ciBuilds } from './ci-builds.js';
import { commits } from './commits.js';
import { STREAMS } from './index.js';
import { mergeRequests } from './merge-requests.js';

describe('code and delivery streams in webhook mode', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let store: EventStore;
  let storeDir: string;
  let receiver: RunningReceiver;
  let requests: Array<{ action: string; params: Record<string, unknown> }>;

  beforeEach(async () => {
    storeDir = join(await mkdtemp(join(tmpdir(), 'source-coding-code-hooks-')), 'events');
    store = await openFileEventStore(storeDir, { retention: DEFAULT_RETENTION, fsync: false });
    receiver = await serveWebhooks({ host: '127.0.0.1', port: 0, store, secret: null, allowUnsigned: true, log: () => undefined });
    let clock = Date.UTC(2025, 0, 1);
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 5, iterationsPerProject: 2, membersPerProject: 6 }, serviceHook: { url: `${receiver.url}${WEBHOOK_PATH}` }, now: () => (clock += 1000) });
    requests = [];
    sim.onRequest((req) => void requests.push({ action: req.action, params: req.params }));
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
    await store.close();
  });

  async function sync(streams: Stream[], input: Map<string, JsonObject> = new Map()) {
    const client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 1 } });
    const ctx = testRunContext(client, { team_name: sim.team, api_url: sim.apiUrl, incremental_mode: 'webhook', webhook_store: storeDir });
    ctx.eventStore = async () => store;
    const outcome = await read(ctx, STREAMS, streams.map((s) => ({ name: s.name, syncMode: 'incremental' as const, cursorField: undefined })), input);
    expect(outcome.failed).to.deep.equal([]);
    const states = new Map<string, JsonObject>();
    for (const m of ctx.messages) if (m.type === 'STATE' && m.state.stream) states.set(m.state.stream.stream_descriptor.name, m.state.stream.stream_state as JsonObject);
    return { records: ctx.records, states, logs: ctx.logs };
  }

  const asked = (action: string, key: string) => requests.filter((r) => r.action === action).map((r) => r.params[key]);

  it('reads, after a push and a merge-request change, only the depot pushed to and the project whose merge request changed', async () => {
    const first = await sync([commits, mergeRequests]);
    expect(first.records.length).to.be.greaterThan(50);

    const mobile = sim.project('mobile-app').Id;
    const web = sim.list('DescribeProjectDepotInfoList', { ProjectId: mobile }).find((d) => d.Name === 'mobile-app-web');
    const pushed = sim.control.pushCommits('mobile-app', 'mobile-app-web', { Count: 2 });
    const open = sim.list('DescribeProjectMergeRequests', { ProjectId: mobile, Status: 'open' })[0];
    const updated = sim.control.updateMergeRequest('mobile-app', open?.Id ?? 0, { Title: '评审后修改' });
    await sim.hooks.settled();
    expect(sim.hooks.deliveries().map((d) => [d.event, d.status])).to.deep.equal([['GIT_PUSHED', 200], ['GIT_MR_UPDATED', 200]]);

    requests.length = 0;
    const second = await sync([commits, mergeRequests], first.states);
    expect(asked('DescribeGitCommitsInPage', 'DepotId'), 'the depot pushed to, and no other (not even the locked one)').to.deep.equal([web?.Id]);
    expect(new Set(asked('DescribeProjectMergeRequests', 'ProjectId'))).to.deep.equal(new Set([mobile]));
    expect(second.records.filter((r) => 'Sha' in r).map((r) => r.Sha)).to.have.members(pushed);
    expect(second.records.filter((r) => 'MergeId' in r).map((r) => r.Id)).to.deep.equal([updated.Id]);

    requests.length = 0;
    const third = await sync([commits, mergeRequests], second.states);
    expect(third.records).to.deep.equal([]);
    expect(asked('DescribeGitCommitsInPage', 'DepotId')).to.deep.equal([]);
    expect(asked('DescribeProjectMergeRequests', 'ProjectId')).to.deep.equal([]);
  });

  it('considers every depot of the project when a push names no depot it recognises (the locked depot is asked too)', async () => {
    const first = await sync([commits]);
    const pushed = sim.control.pushCommits('platform', 'platform-backend', { Count: 1 });
    await sim.hooks.settled();
    // A push delivered by hand, with a body whose shape the connector does not know.
    const response = await fetch(`${receiver.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Coding-Service-Hook-Event': 'GIT_PUSHED', 'X-Coding-Delivery': 'odd-1' },
      body: JSON.stringify({ event: 'GIT_PUSHED', project: { name: 'platform' }, somewhere: { else: true } }),
    });
    expect(response.status).to.equal(200);
    requests.length = 0;
    const second = await sync([commits], first.states);
    const platform = sim.list('DescribeProjectDepotInfoList', { ProjectId: sim.project('platform').Id });
    const id = (name: string) => platform.find((d) => d.Name === name)?.Id;
    // Every Git depot of platform is considered: those whose LastPushAt did not move cost nothing, the one pushed to and the locked one are asked.
    expect(asked('DescribeGitCommitsInPage', 'DepotId')).to.have.members([id('platform-backend'), id('platform-vault')]);
    expect(second.records.map((r) => r.Sha)).to.deep.equal(pushed);
  });

  it('reads ci_builds by polling in webhook mode, and says so in one INFO line', async () => {
    const first = await sync([ciBuilds, mergeRequests, commits]);
    const info = first.logs.filter((l) => l.level === 'INFO' && l.text.includes('ci_builds') && l.text.includes('Service Hook'));
    expect(info).to.have.length(1);
    expect(info[0]?.text).to.include('polling');
    expect(first.logs.filter((l) => l.text.includes('Service Hook') && !l.text.includes('ci_builds')), 'streams with events say nothing of the kind').to.deep.equal([]);
    expect(first.records.length).to.be.greaterThan(20);
  });
});
