import { expect } from 'chai';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { isObject, type JsonObject } from '../json.js';
import { ofType, runCli, tempFiles, type CliRun } from '../test-support/cli-runner.js';
import { startHostileServer, type HostileRequest, type HostileServer, type Hostility } from '../test-support/hostile-server.js';
import { runInProcess } from '../test-support/in-process-cli.js';
import { projectRoot } from '../test-support/protocol-schema.js';

interface TraceError {
  message: string;
  failure_type: string;
  stream_descriptor?: { name: string };
}

const traceErrors = (run: CliRun) =>
  ofType(run.messages, 'TRACE')
    .map((m) => m.trace as { type: string; error?: TraceError })
    .filter((t) => t.type === 'ERROR')
    .map((t) => t.error as TraceError);
const statusesOf = (run: CliRun, stream: string) =>
  ofType(run.messages, 'TRACE')
    .map((m) => (m.trace as { stream_status?: { stream_descriptor: { name: string }; status: string } }).stream_status)
    .filter((s) => s?.stream_descriptor.name === stream)
    .map((s) => s?.status);
const warnings = (run: CliRun) =>
  ofType(run.messages, 'LOG')
    .map((m) => m.log as { level: string; message: string })
    .filter((l) => l.level === 'WARN')
    .map((l) => l.message);
const recordsOf = (run: CliRun, stream: string) =>
  ofType(run.messages, 'RECORD')
    .map((m) => m.record as { stream: string; data: JsonObject })
    .filter((r) => r.stream === stream);

/** Rewrites the Data object of one action's answers, passing every other request through. */
function lyingAbout(action: string, lie: (data: JsonObject) => unknown): (request: HostileRequest) => Hostility {
  return (request) =>
    request.action !== action
      ? { kind: 'forward' }
      : {
          kind: 'rewrite',
          rewrite: (answer) => {
            const response = isObject(answer.Response) ? answer.Response : {};
            const data = isObject(response.Data) ? response.Data : {};
            const lied = lie(structuredClone(data));
            return { Response: lied === undefined ? { RequestId: response.RequestId } : { ...response, Data: lied } };
          },
        };
}

const everywhere = (hostility: Hostility) => () => hostility;

describe('hostile servers: an api_url that misbehaves ends in bounded time with a clear error, never a partial success reported as complete', () => {
  let sim: Simulator;
  const saved: Record<string, string | undefined> = {};
  // Short timeouts and one retry keep every case to a few seconds; the behaviour is the same as with the defaults.
  const knobs: Record<string, string> = { SOURCE_CODING_TIMEOUT_MS: '1500', SOURCE_CODING_MAX_RETRIES: '1', SOURCE_CODING_RETRY_BASE_MS: '10', SOURCE_CODING_RETRY_MAX_ELAPSED_MS: '5000' };

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 6, iterationsPerProject: 3, membersPerProject: 2 } });
    for (const [name, value] of Object.entries(knobs)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await sim.close();
  });

  async function against(hostility: (request: HostileRequest) => Hostility, body: (server: HostileServer, files: Record<string, string>) => Promise<void>): Promise<void> {
    const server = await startHostileServer({ upstream: sim.apiUrl, hostility });
    try {
      const config = { team_name: sim.team, api_url: server.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100 };
      const stream = (name: string, mode = 'full_refresh') => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: mode, destination_sync_mode: 'append' });
      const catalog = { streams: [stream('issues', 'incremental'), stream('iterations'), stream('project_members'), stream('projects')] };
      await body(server, await tempFiles({ 'config.json': config, 'catalog.json': catalog }));
    } finally {
      await server.close();
    }
  }
  const check = (files: Record<string, string>) => runInProcess(['check', '--config', files['config.json'] ?? '']);
  const read = (files: Record<string, string>) => runInProcess(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '']);

  function expectFailedCheck(run: CliRun, reason: RegExp): void {
    expect(run.code).to.equal(0);
    const statuses = ofType(run.messages, 'CONNECTION_STATUS').map((m) => m.connectionStatus as { status: string; message: string });
    expect(statuses).to.have.length(1);
    expect(statuses[0]?.status).to.equal('FAILED');
    expect(statuses[0]?.message).to.match(reason).and.not.match(/this is a bug/);
  }

  function expectFailedRead(run: CliRun, reason: RegExp, failedStream?: string): void {
    expect(run.code, 'exit code').to.equal(1);
    const errors = traceErrors(run);
    expect(errors.length, 'TRACE errors').to.be.at.least(1);
    expect(errors.map((e) => e.message).join('\n')).to.match(reason);
    for (const error of errors) expect(error.message).not.to.match(/this is a bug/);
    if (failedStream) {
      expect(statusesOf(run, failedStream), `${failedStream} statuses`).not.to.include('COMPLETE');
      expect(errors.find((e) => e.stream_descriptor?.name === failedStream), `an error naming ${failedStream}`).not.to.equal(undefined);
    }
  }

  describe('transport: what comes back is not an answer', () => {
    const NO_ENVELOPE = /could not be read|no "?Response"? envelope/;
    const cases: Array<[string, Hostility, RegExp]> = [
      ['a web page with 200', { kind: 'html', status: 200 }, /answered with text\/html.*rather than JSON.*not Coding's OpenAPI endpoint/],
      ['a proxy error page with 502', { kind: 'html', status: 502 }, /HTTP 502/],
      ['no answer at all', { kind: 'silent' }, /timed out/],
      ['one byte a second', { kind: 'trickle', intervalMs: 1000 }, /timed out/],
      ['a dropped connection mid-answer', { kind: 'reset' }, /Cannot reach Coding .*(connection reset|ECONNRESET)|could not be read/],
      ['JSON cut short', { kind: 'raw', body: '{"Response":{"Data":' }, /could not be read/],
      ['an empty 200', { kind: 'raw', body: '' }, NO_ENVELOPE],
      ['{}', { kind: 'raw', body: '{}' }, NO_ENVELOPE],
      ['a JSON list', { kind: 'raw', body: '[]' }, NO_ENVELOPE],
      ['an InternalError envelope, every time', { kind: 'raw', body: '{"Response":{"Error":{"Code":"InternalError","Message":"busy"},"RequestId":"r"}}' }, /InternalError/],
    ];
    for (const [what, hostility, reason] of cases) {
      it(`${what}: check FAILED and read stops with an error`, async function () {
        this.timeout(30_000);
        await against(everywhere(hostility), async (_server, files) => {
          expectFailedCheck(await check(files), reason);
          const run = await read(files);
          expectFailedRead(run, reason);
          expect(ofType(run.messages, 'RECORD'), 'records').to.have.length(0);
        });
      });
    }
  });

  describe('a 200 whose envelope is malformed or lies', () => {
    const listings: Array<[string, string]> = [
      ['issues', 'DescribeIssueListWithPage'],
      ['iterations', 'DescribeIterationList'],
    ];
    for (const [stream, action] of listings) {
      const failing: Array<[string, (data: JsonObject) => unknown, RegExp]> = [
        ['without Data', () => undefined, /no Data object/],
        ['with List an object', (data) => ({ ...data, List: { 1: data.List } }), /List is not a list of objects/],
        ['with List a list of numbers', (data) => ({ ...data, List: [1, 2, 3] }), /List is not a list of objects/],
        ['with items that have no Code', (data) => ({ ...data, List: (data.List as JsonObject[]).map(({ Code: _code, ...rest }) => rest) }), /Code is missing/],
      ];
      for (const [what, lie, reason] of failing) {
        it(`${action} ${what}: ${stream} fails, named, and the other streams still complete`, async function () {
          this.timeout(30_000);
          await against(lyingAbout(action, lie), async (_server, files) => {
            const run = await read(files);
            expectFailedRead(run, reason, stream);
            for (const other of ['issues', 'iterations', 'project_members', 'projects'].filter((s) => s !== stream)) expect(statusesOf(run, other), other).to.include('COMPLETE');
          });
        });
      }

      it(`${action} listing nothing while its total says there is more: ${stream} is not reported complete in silence`, async function () {
        this.timeout(30_000);
        const total = stream === 'issues' ? 'TotalCount' : 'TotalRow';
        for (const list of [[], null]) {
          await against(lyingAbout(action, (data) => ({ ...data, List: list, [total]: 6, TotalPage: 1 })), async (_server, files) => {
            const run = await read(files);
            expect(recordsOf(run, stream)).to.have.length(0);
            const failed = !statusesOf(run, stream).includes('COMPLETE');
            const warned = warnings(run).some((w) => w.includes(stream) && /reported 6 .*but listed none|listed 0/.test(w));
            expect(failed || warned, `List ${JSON.stringify(list)}: ${stream} completed with no record, without an error or a warning`).to.equal(true);
          });
        }
      });

      it(`${action} with TotalCount, TotalRow and TotalPage that lie: every item is still read`, async function () {
        this.timeout(30_000);
        const expected = stream === 'issues' ? sim.projectNames().flatMap((p) => sim.issueCodes(p)).length : sim.projectNames().flatMap((p) => sim.iterations(p)).length;
        for (const lie of [{ TotalCount: 1, TotalRow: 1, TotalPage: 0 }, { TotalCount: 1_000_000, TotalRow: 1_000_000, TotalPage: 99 }, { TotalCount: -5, TotalRow: 'many', TotalPage: null }]) {
          await against(lyingAbout(action, (data) => ({ ...data, ...lie })), async (_server, files) => {
            const run = await read(files);
            expect(run.code, JSON.stringify(lie)).to.equal(0);
            expect(recordsOf(run, stream), JSON.stringify(lie)).to.have.length(expected);
          });
        }
      });
    }
  });

  describe('a gigabyte answer (the executable, spawned, so that its memory is its own)', () => {
    const GIB = 1024 * 1024 * 1024;
    const CAP = 16 * 1024 * 1024;
    it('is cut off at the response size cap with a clear error: bounded bytes received, bounded memory', async function () {
      this.timeout(120_000);
      await against(everywhere({ kind: 'flood', bytes: GIB }), async (server, files) => {
        const run = await runCli(['check', '--config', files['config.json'] ?? ''], {
          env: { ...knobs, SOURCE_CODING_TIMEOUT_MS: '60000', SOURCE_CODING_MAX_RESPONSE_BYTES: String(CAP), NODE_OPTIONS: `--import=${join(projectRoot, 'src/test-support/report-peak-rss.mjs')}` },
          timeoutMs: 110_000,
        });
        const peakMib = Number(/peak-rss-kib (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN) / 1024;
        const sentMib = server.floodBytesSent / 1024 / 1024;
        // The figures, for the record of what a hostile answer costs.
        console.log(`      gigabyte answer: ${sentMib.toFixed(1)} MiB sent before the client stopped, peak RSS ${peakMib.toFixed(0)} MiB`);
        expectFailedCheck(run, /larger than 16 MiB/);
        expect(sentMib, 'MiB the server got to send').to.be.below(CAP / 1024 / 1024 + 32);
        expect(peakMib, 'peak RSS of the connector, MiB').to.be.below(300);
      });
    });
  });
});
