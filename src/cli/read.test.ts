import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, stateFileOf, tempFiles, type AirbyteLine, type CliRun } from '../test-support/cli-runner.js';
import { withoutCustomFieldColumns } from '../test-support/custom-columns.js';
import { RecordSchemas } from '../test-support/record-schemas.js';

interface Record_ {
  stream: string;
  data: Record<string, unknown>;
}
interface StateMessage {
  type: string;
  stream: { stream_descriptor: { name: string }; stream_state: Record<string, unknown> };
  sourceStats: { recordCount: number };
}
type CatalogStream = { name: string; json_schema: Record<string, unknown>; supported_sync_modes: string[] };

const records = (run: CliRun, stream?: string) => ofType(run.messages, 'RECORD').map((m) => m.record as Record_).filter((r) => !stream || r.stream === stream);
const states = (run: CliRun) => ofType(run.messages, 'STATE').map((m) => m.state as StateMessage);
const traces = (run: CliRun, type: string) => ofType(run.messages, 'TRACE').map((m) => m.trace as Record<string, unknown>).filter((t) => t.type === type);
const statusesOf = (run: CliRun, stream: string) =>
  traces(run, 'STREAM_STATUS')
    .map((t) => t.stream_status as { stream_descriptor: { name: string }; status: string; reasons?: unknown[] })
    .filter((s) => s.stream_descriptor.name === stream)
    .map((s) => s.status);


describe('read (the three Coding streams, correct to the last record)', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalogStreams: CatalogStream[];
  let schemas: RecordSchemas;

  const catalog = (modes: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    streams: Object.entries(modes).map(([name, sync_mode]) => ({
      stream: catalogStreams.find((s) => s.name === name) ?? { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode,
      destination_sync_mode: sync_mode === 'incremental' ? 'append_dedup' : 'overwrite',
      ...extra,
    })),
  });
  const ALL = { issues: 'incremental', iterations: 'full_refresh', project_members: 'full_refresh', projects: 'full_refresh' };

  async function read(cat: unknown, state?: unknown, configOverride: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    const files = await tempFiles({ 'config.json': { ...config, ...configOverride }, 'catalog.json': cat, ...(state === undefined ? {} : { 'state.json': state }) });
    const args = ['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? ''];
    if (state !== undefined) args.push('--state', files['state.json'] ?? '');
    return runCli(args, { env });
  }

  function expectedIssue(project: string, code: number, detail = false): Record<string, unknown> {
    const item = { ...sim.issueListItem(project, code), ...(detail ? sim.issueDetail(project, code) : {}) };
    return { Key: `${sim.team}/${project}/${code}`, TeamName: sim.team, ProjectName: project, ...item };
  }

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: 60, iterationsPerProject: 6, membersPerProject: 8 } });
    config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100 };
    const files = await tempFiles({ 'config.json': config });
    const discovered = await runCli(['discover', '--config', files['config.json'] ?? '']);
    catalogStreams = (discovered.messages[0]?.catalog as { streams: CatalogStream[] }).streams;
    schemas = new RecordSchemas(catalogStreams);
  });
  after(() => sim.close());

  describe('a full read of several projects', () => {
    let run: CliRun;
    before(async () => {
      run = await read(catalog(ALL));
    });

    it('succeeds', () => {
      expect(run.code, run.stderr).to.equal(0);
      expect(traces(run, 'ERROR')).to.deep.equal([]);
    });

    it('emits exactly the simulator’s issues, field for field, with keys unique across projects', () => {
      const expected = sim.projectNames().flatMap((p) => sim.issueCodes(p).map((code) => expectedIssue(p, code)));
      const got = records(run, 'issues').map((r) => withoutCustomFieldColumns(r.data));
      expect(got).to.have.length(expected.length);
      const byKey = new Map(got.map((d) => [d.Key, d]));
      expect(byKey.size).to.equal(got.length);
      for (const issue of expected) expect(byKey.get(issue.Key), String(issue.Key)).to.deep.equal(issue);
    });

    it('covers every issue type, sub-tasks and custom types included', () => {
      const types = new Set(records(run, 'issues').map((r) => r.data.Type));
      expect([...types].sort()).to.deep.equal(['DEFECT', 'EPIC', 'MISSION', 'REQUIREMENT', 'SUB_TASK']);
      expect(records(run, 'issues').some((r) => (r.data.IssueTypeDetail as { IsSystem: boolean }).IsSystem === false)).to.equal(true);
    });

    it('emits exactly the simulator’s iterations, members and projects', () => {
      const iterations = sim.projectNames().flatMap((p) => sim.iterations(p).map((i) => ({ Key: `${sim.team}/${p}/${i.Code}`, TeamName: sim.team, ProjectName: p, ...i })));
      expect(records(run, 'iterations').map((r) => r.data)).to.have.deep.members(iterations);
      const members = sim.projectNames().flatMap((p) => sim.members(p).map((m) => ({ Key: `${sim.team}/${p}/${m.Id}`, TeamName: sim.team, ProjectName: p, ProjectId: sim.project(p).Id, ...m })));
      expect(records(run, 'project_members').map((r) => r.data)).to.have.deep.members(members);
      expect(records(run, 'projects').map((r) => r.data.Name)).to.have.members(sim.projectNames());
    });

    it('emits records that conform to their stream schema, with no undeclared field', () => {
      const problems = records(run).flatMap((r) => schemas.problems(r.stream, r.data).map((p) => `${r.stream} ${String(r.data.Key)}: ${p}`));
      expect(problems.slice(0, 10)).to.deep.equal([]);
    });

    it('reports each stream STARTED, RUNNING, then COMPLETE', () => {
      for (const stream of Object.keys(ALL)) expect(statusesOf(run, stream), stream).to.deep.equal(['STARTED', 'RUNNING', 'COMPLETE']);
    });

    it('checkpoints every stream, counting the records since the previous checkpoint', () => {
      for (const stream of Object.keys(ALL)) {
        let sinceLast = 0;
        let checkpoints = 0;
        for (const message of run.messages) {
          if (message.type === 'RECORD' && (message.record as Record_).stream === stream) sinceLast += 1;
          if (message.type === 'STATE' && (message.state as StateMessage).stream.stream_descriptor.name === stream) {
            expect((message.state as StateMessage).type).to.equal('STREAM');
            expect((message.state as StateMessage).sourceStats.recordCount).to.equal(sinceLast);
            sinceLast = 0;
            checkpoints += 1;
          }
        }
        expect(checkpoints, stream).to.be.at.least(1);
        expect(sinceLast, `${stream}: records after the last checkpoint`).to.equal(0);
      }
    });

    it('estimates the issues rows from Coding’s totals', () => {
      const estimates = traces(run, 'ESTIMATE').map((t) => t.estimate as { name: string; row_estimate: number });
      expect(estimates.filter((e) => e.name === 'issues').pop()?.row_estimate).to.equal(records(run, 'issues').length);
    });

    it('keeps one cursor per project in the issues state', () => {
      const last = states(run).filter((s) => s.stream.stream_descriptor.name === 'issues').pop();
      expect(Object.keys(last?.stream.stream_state.projects as object)).to.have.members(sim.projectNames());
    });
  });

  describe('incremental syncs: full, then changes, then incremental', () => {
    it('emits every change since the previous sync, and nothing else', async () => {
      const first = await read(catalog({ issues: 'incremental' }));
      const unchanged = await read(catalog({ issues: 'incremental' }), stateFileOf(first));
      expect(records(unchanged)).to.deep.equal([]);
      const [a, b] = sim.projectNames();
      const updated = sim.control.updateIssue(a ?? '', 3, { Name: '改了 ✏️' });
      const created = sim.control.createIssue(b ?? '', { Name: '新事项', Type: 'DEFECT' });
      const third = await read(catalog({ issues: 'incremental' }), stateFileOf(unchanged));
      expect(records(third).map((r) => r.data.Key)).to.have.members([`${sim.team}/${a}/${updated.Code}`, `${sim.team}/${b}/${created.Code}`]);
      expect(withoutCustomFieldColumns(records(third).find((r) => r.data.Code === updated.Code)?.data ?? {})).to.deep.equal(expectedIssue(a ?? '', updated.Code));
    });

    it('loses nothing when issues change while the read pages through them', async () => {
      // Pages of 500 hold this whole dataset: a second, bigger project makes paging real.
      const big = await startSimulator({ seed: 9, dataset: { projects: 1, issuesPerProject: 1600 } });
      try {
        const bigConfig = { team_name: big.team, api_url: big.apiUrl, credentials: { auth_type: 'token', access_token: big.tokens.personal }, requests_per_second: 100 };
        const project = big.projectNames()[0] ?? '';
        let listRequests = 0;
        const stopMutating = big.onRequest((req) => {
          if (req.action !== 'DescribeIssueListWithPage') return;
          listRequests += 1;
          // Between every page: an already-read issue moves to the end, one is deleted, one is created.
          const codes = big.issueCodes(project);
          big.control.updateIssue(project, codes[listRequests * 7] ?? 1, { Name: `moved ${listRequests}` });
          big.control.deleteIssue(project, codes[listRequests * 11 + 3] ?? 2);
          big.control.createIssue(project, { Name: `created ${listRequests}`, Type: 'MISSION' });
        });
        const first = await read(catalog({ issues: 'incremental' }), undefined, bigConfig);
        stopMutating();
        const seenAfterFirst = new Set(records(first).map((r) => `${String(r.data.Code)}@${String(r.data.UpdatedAt)}`));
        const second = await read(catalog({ issues: 'incremental' }), stateFileOf(first), bigConfig);
        const seen = new Set([...seenAfterFirst, ...records(second).map((r) => `${String(r.data.Code)}@${String(r.data.UpdatedAt)}`)]);
        const lost = big.issueCodes(project).filter((code) => !seen.has(`${code}@${big.issueListItem(project, code).UpdatedAt}`));
        expect(listRequests).to.be.greaterThan(3);
        expect(lost).to.deep.equal([]);
      } finally {
        await big.close();
      }
    });

    it('reads nothing from a state in the future, and still checkpoints', async () => {
      const future = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: { UpdatedAt: 32503680000000 } } }];
      const run = await read(catalog({ issues: 'incremental' }), future);
      expect(run.code).to.equal(0);
      expect(records(run)).to.deep.equal([]);
      expect(states(run).length).to.be.at.least(1);
    });

    it('resumes from any intermediate state with at least the records not yet emitted', async () => {
      const full = await read(catalog({ issues: 'incremental' }));
      const total = records(full).length;
      let emittedSoFar = 0;
      const checkpoints = states(full).map((s) => ({ state: s, emittedSoFar: (emittedSoFar += s.sourceStats.recordCount) }));
      for (const { state, emittedSoFar: done } of checkpoints.slice(1, -1)) {
        const resumed = await read(catalog({ issues: 'incremental' }), [{ type: 'STREAM', stream: state.stream }]);
        expect(records(resumed).length).to.be.at.least(total - done);
      }
    });

    it('works with a catalog that gives no cursor_field, as Meltano sends it', async () => {
      const run = await read(catalog({ issues: 'incremental' }, { destination_sync_mode: 'append' }));
      expect(run.code).to.equal(0);
      expect(records(run).length).to.equal(sim.projectNames().reduce((n, p) => n + sim.issueCodes(p).length, 0));
    });

    it('accepts a legacy single-object state and an empty state file', async () => {
      const legacy = await read(catalog({ issues: 'incremental' }), { issues: { UpdatedAt: 32503680000000 } });
      expect(records(legacy)).to.deep.equal([]);
      const empty = await read(catalog({ issues: 'incremental' }), '');
      expect(records(empty).length).to.be.greaterThan(0);
    });

    it('starts at start_date', async () => {
      const all = sim.projectNames().flatMap((p) => sim.issueCodes(p).map((c) => sim.issueListItem(p, c).UpdatedAt));
      const median = [...all].sort((x, y) => x - y)[Math.floor(all.length / 2)] ?? 0;
      const run = await read(catalog({ issues: 'incremental' }), undefined, { start_date: new Date(median).toISOString() });
      expect(records(run).length).to.equal(all.filter((u) => u >= median).length);
    });
  });

  describe('projects read side by side (max_concurrency)', () => {
    /** Holds the first page request of the first project until another project's page arrives, or 3 s pass. */
    function watchOverlap(target: Simulator): { overlapped: () => boolean; stop: () => void } {
      let overlapped = false;
      let release: (() => void) | undefined;
      let held = false;
      const [first] = target.projectNames();
      const stop = target.onRequest(async (req) => {
        if (req.action !== 'DescribeIssueListWithPage') return;
        if (req.params.ProjectName === first && !held) {
          held = true;
          await new Promise<void>((resolve) => {
            release = resolve;
            setTimeout(resolve, 3000);
          });
        } else if (held && req.params.ProjectName !== first) {
          overlapped = true;
          release?.();
        }
      });
      return { overlapped: () => overlapped, stop };
    }

    it('reads another project while one project’s page is still in flight, and ends with the same state and records as a sequential read', async () => {
      const local = await startSimulator({ dataset: { projects: 3, issuesPerProject: 700 } });
      try {
        const localConfig = { team_name: local.team, api_url: local.apiUrl, credentials: { auth_type: 'token', access_token: local.tokens.personal }, requests_per_second: 100 };
        const watch = watchOverlap(local);
        const concurrent = await read(catalog({ issues: 'incremental' }), undefined, { ...localConfig, max_concurrency: 4 });
        watch.stop();
        const sequential = await read(catalog({ issues: 'incremental' }), undefined, { ...localConfig, max_concurrency: 1 });
        expect(watch.overlapped()).to.equal(true);
        expect(concurrent.code, concurrent.stderr).to.equal(0);
        const keys = (run: CliRun) => records(run).map((r) => `${String(r.data.Key)}@${String(r.data.UpdatedAt)}`).sort();
        expect(keys(concurrent)).to.deep.equal(keys(sequential));
        expect(keys(concurrent)).to.have.length(2100);
        // The deletion sweep's sets carry the time each read started; everything else must be identical.
        const last = (run: CliRun) => {
          const state = structuredClone(states(run).at(-1)?.stream.stream_state ?? {});
          for (const entry of Object.values((state.sweep ?? {}) as Record<string, { at: number }>)) entry.at = 0;
          return state;
        };
        expect(JSON.stringify(last(concurrent))).to.equal(JSON.stringify(last(sequential)));
        expect(Object.keys((last(concurrent).sweep ?? {}) as object)).to.have.length(3);
        // Every checkpoint counts exactly the records emitted since the previous one.
        expect(states(concurrent).reduce((n, s) => n + s.sourceStats.recordCount, 0)).to.equal(records(concurrent).length);
      } finally {
        await local.close();
      }
    });

    it('checkpoints only what was emitted: resuming from any state of a concurrent read covers every record', async () => {
      const local = await startSimulator({ dataset: { projects: 3, issuesPerProject: 700 } });
      try {
        const localConfig = { team_name: local.team, api_url: local.apiUrl, credentials: { auth_type: 'token', access_token: local.tokens.personal }, requests_per_second: 100, max_concurrency: 4 };
        const full = await read(catalog({ issues: 'incremental' }), undefined, localConfig);
        const all = new Set(records(full).map((r) => String(r.data.Key)));
        const emitted: string[] = [];
        let cursor = 0;
        const lines = ofType(full.messages, 'RECORD').length;
        expect(lines).to.equal(2100);
        for (const message of full.messages) {
          if (message.type === 'RECORD') emitted.push(String((message.record as Record_).data.Key));
          if (message.type !== 'STATE' || ++cursor % 2 !== 0) continue;
          const resumed = await read(catalog({ issues: 'incremental' }), [{ type: 'STREAM', stream: (message.state as StateMessage).stream }], localConfig);
          const covered = new Set([...emitted, ...records(resumed).map((r) => String(r.data.Key))]);
          expect([...all].filter((key) => !covered.has(key)), `missing after resuming from state #${cursor}`).to.deep.equal([]);
        }
      } finally {
        await local.close();
      }
    });
  });

  describe('issue details', () => {
    it('enrich every issue with the detail call when issue_details is on', async () => {
      const run = await read(catalog({ issues: 'full_refresh' }), undefined, { issue_details: true, projects: [sim.projectNames()[0]] });
      const project = sim.projectNames()[0] ?? '';
      expect(run.code).to.equal(0);
      const got = records(run).map((r) => withoutCustomFieldColumns(r.data));
      expect(got).to.have.length(sim.issueCodes(project).length);
      for (const data of got) expect(data).to.deep.equal(expectedIssue(project, Number(data.Code), true));
      const problems = records(run).flatMap((r) => schemas.problems(r.stream, r.data));
      expect(problems.slice(0, 5)).to.deep.equal([]);
    });
  });

  describe('failures', () => {
    it('fails only the stream the token may not read, and keeps the others’ checkpoints', async () => {
      const run = await read(catalog(ALL), undefined, { credentials: { auth_type: 'token', access_token: sim.tokens.noMemberScope } });
      expect(run.code).to.equal(1);
      expect(statusesOf(run, 'project_members')).to.deep.equal(['STARTED', 'RUNNING', 'INCOMPLETE']);
      const error = traces(run, 'ERROR')[0]?.error as { failure_type: string; message: string; stream_descriptor: { name: string } };
      expect(error.stream_descriptor.name).to.equal('project_members');
      expect(error.failure_type).to.equal('config_error');
      expect(error.message).to.include('project:member:ro');
      for (const stream of ['issues', 'iterations', 'projects']) expect(statusesOf(run, stream), stream).to.deep.equal(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(states(run).map((s) => s.stream.stream_descriptor.name)).to.include.members(['issues', 'iterations', 'projects']);
    });

    it('reports a stream the source does not have, after reading the others', async () => {
      const run = await read(catalog({ issues: 'incremental', comments: 'full_refresh' }));
      expect(run.code).to.equal(1);
      expect(statusesOf(run, 'issues')).to.deep.equal(['STARTED', 'RUNNING', 'COMPLETE']);
      expect((traces(run, 'ERROR')[0]?.error as { message: string }).message).to.match(/"comments", which this source does not have/);
    });

    it('fails the read once, before any stream, on an unknown project', async () => {
      const run = await read(catalog(ALL), undefined, { projects: ['nope'] });
      expect(run.code).to.equal(1);
      expect(traces(run, 'STREAM_STATUS')).to.deep.equal([]);
      expect(traces(run, 'ERROR')).to.have.length(1);
    });

    it('turns Coding outages that outlast the retries into a transient error, and says it backs off', async () => {
      sim.faults.inject({ kind: 'http503', times: 50, action: 'DescribeIterationList' });
      try {
        const run = await read(catalog({ iterations: 'full_refresh' }), undefined, {}, { SOURCE_CODING_MAX_RETRIES: '2' });
        expect(run.code).to.equal(1);
        expect((traces(run, 'ERROR')[0]?.error as { failure_type: string }).failure_type).to.equal('transient_error');
        expect(ofType(run.messages, 'LOG').some((m) => /retry #1/.test((m.log as { message: string }).message))).to.equal(true);
      } finally {
        sim.faults.clear();
      }
    });

    it('tells the platform when Coding rate-limits it, once rather than per retry, and recovers', async () => {
      sim.faults.inject({ kind: 'rateLimitError', times: 2, action: 'DescribeIssueListWithPage' });
      const run = await read(catalog({ issues: 'full_refresh' }));
      expect(run.code).to.equal(0);
      const limited = traces(run, 'STREAM_STATUS').map((t) => t.stream_status as { status: string; reasons?: Array<{ type: string }> }).filter((s) => s.reasons?.[0]?.type === 'RATE_LIMITED');
      expect(limited).to.have.length(1);
      const logs = ofType(run.messages, 'LOG').map((m) => (m.log as { message: string }).message);
      expect(logs.filter((text) => /rate limit|slow down/i.test(text))).to.have.length(1);
      expect(logs.find((text) => /rate limit/.test(text))).to.include('refused 2 request(s)');
    });

    it('renews an expired OAuth token and hands the new tokens to the platform as a config update', async () => {
      const stale = sim.tokens.oauth;
      const { clientId, clientSecret } = sim.tokens.oauthClient;
      // The access token the connector holds is renewed elsewhere, so it is rejected from now on.
      await fetch(`${sim.origin}/api/oauth/access_token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sim.tokens.oauthClient.refreshToken, client_id: clientId, client_secret: clientSecret }) });
      const credentials = { auth_type: 'oauth2', access_token: stale, refresh_token: sim.tokens.oauthClient.refreshToken, client_id: clientId, client_secret: clientSecret };
      const run = await read(catalog({ projects: 'full_refresh' }), undefined, { credentials });
      expect(run.code).to.equal(0);
      expect(records(run)).to.have.length(sim.projectNames().length);
      const updates = ofType(run.messages, 'CONTROL').map((m) => (m.control as { connectorConfig: { config: { credentials: Record<string, string> } } }).connectorConfig.config);
      expect(updates).to.have.length(1);
      expect(updates[0]?.credentials).to.deep.include({ auth_type: 'oauth2', access_token: sim.tokens.oauth, refresh_token: sim.tokens.oauthClient.refreshToken, client_id: clientId });
      // Apart from the config update, no line carries a token.
      const others = run.stdout.split('\n').filter((line) => !line.includes('"CONTROL"'));
      expect(others.join('\n')).not.to.include(sim.tokens.oauth).and.not.to.include(stale);
    });

    it('never prints the token, whatever goes wrong', async () => {
      const secretConfig = { credentials: { auth_type: 'token', access_token: sim.tokens.personal } };
      sim.faults.inject({ kind: 'http500', times: 50, action: 'DescribeProjectMembers' });
      try {
        const run = await read(catalog(ALL), undefined, secretConfig, { SOURCE_CODING_MAX_RETRIES: '1' });
        expect(run.stdout + run.stderr).not.to.include(sim.tokens.personal);
      } finally {
        sim.faults.clear();
      }
    });
  });
});

export type { AirbyteLine };
