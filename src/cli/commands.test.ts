import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, tempFiles, type AirbyteLine } from '../test-support/cli-runner.js';
import { projectRoot } from '../test-support/protocol-schema.js';
import { freePort } from '../test-support/free-port.js';
import { STREAMS } from '../streams/index.js';

type Trace = { type: string; error: { message: string; failure_type: string } };
const traceErrors = (messages: AirbyteLine[]) => ofType(messages, 'TRACE').map((m) => m.trace as Trace).filter((t) => t.type === 'ERROR');
const status = (messages: AirbyteLine[]) => {
  const statuses = ofType(messages, 'CONNECTION_STATUS');
  expect(statuses, 'exactly one CONNECTION_STATUS').to.have.length(1);
  return statuses[0]?.connectionStatus as { status: string; message: string };
};

describe('source-coding commands (the executable as a platform runs it)', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  const BAD_TOKEN = 'badbadbadbadbadbadbadbadbadbadbadbadbad0';

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 3, issuesPerProject: 20 } });
    config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal } };
  });
  after(() => sim.close());

  async function withConfig(args: string[], configValue: unknown, extra: Record<string, unknown> = {}) {
    const files = await tempFiles({ 'config.json': configValue, ...extra });
    return runCli([...args, '--config', files['config.json'] ?? '']);
  }

  describe('spec', () => {
    it('emits exactly one SPEC whose connectionSpecification is spec.json', async () => {
      const run = await runCli(['spec']);
      expect(run.code).to.equal(0);
      expect(run.messages.map((m) => m.type)).to.deep.equal(['SPEC']);
      const spec = run.messages[0]?.spec as { connectionSpecification: unknown; documentationUrl: string };
      expect(spec.connectionSpecification).to.deep.equal(JSON.parse(readFileSync(`${projectRoot}/spec.json`, 'utf8')));
      expect(spec.documentationUrl).to.match(/^https:\/\//);
    });
  });

  describe('check', () => {
    it('succeeds with a valid token and names the projects it will read', async () => {
      const run = await withConfig(['check'], config);
      expect(run.code).to.equal(0);
      const result = status(run.messages);
      expect(result.status).to.equal('SUCCEEDED');
      expect(result.message).to.include('platform').and.include('mobile-app');
    });

    it('fails clearly with a rejected token, without ever printing it', async () => {
      const run = await withConfig(['check'], { ...config, credentials: { auth_type: 'token', access_token: BAD_TOKEN } });
      expect(run.code).to.equal(0);
      const result = status(run.messages);
      expect(result.status).to.equal('FAILED');
      expect(result.message).to.match(/rejected the access token/);
      expect(run.stdout + run.stderr).not.to.include(BAD_TOKEN);
    });

    it('fails clearly with an unknown project, naming it', async () => {
      const run = await withConfig(['check'], { ...config, projects: ['platform', 'no-such-project'] });
      const result = status(run.messages);
      expect(result.status).to.equal('FAILED');
      expect(result.message).to.match(/Project "no-such-project" was not found/);
    });

    it('fails clearly with an unreachable host, naming it', async () => {
      const port = await freePort();
      const run = await withConfig(['check'], { ...config, api_url: `http://127.0.0.1:${port}/open-api` });
      expect(run.code).to.equal(0);
      const result = status(run.messages);
      expect(result.status).to.equal('FAILED');
      expect(result.message).to.include(`127.0.0.1:${port}`);
    });

    it('fails, not crashes, on a config that does not match the spec', async () => {
      const run = await withConfig(['check'], { team_name: 'acme', credentials: { auth_type: 'token' } });
      expect(run.code).to.equal(0);
      expect(status(run.messages)).to.include({ status: 'FAILED' });
      expect(status(run.messages).message).to.match(/credentials\.access_token is required/);
    });

    it('fails clearly in webhook mode when the event store cannot be reached', async () => {
      const port = await freePort();
      const run = await withConfig(['check'], { ...config, incremental_mode: 'webhook', webhook_store: `redis://127.0.0.1:${port}/0` });
      expect(run.code).to.equal(0);
      const result = status(run.messages);
      expect(result.status).to.equal('FAILED');
      expect(result.message).to.include(`127.0.0.1:${port}`);
    });

    it('warns about a stream the token may not read but still succeeds', async () => {
      const run = await withConfig(['check'], { ...config, credentials: { auth_type: 'token', access_token: sim.tokens.noMemberScope } });
      const result = status(run.messages);
      expect(result.status).to.equal('SUCCEEDED');
      expect(result.message).to.match(/project_members will fail.*project:member:ro/);
    });
  });

  describe('discover', () => {
    it('emits exactly one CATALOG with every stream', async () => {
      const run = await withConfig(['discover'], config);
      expect(run.code).to.equal(0);
      expect(run.messages.map((m) => m.type)).to.deep.equal(['CATALOG']);
      const streams = (run.messages[0]?.catalog as { streams: Array<{ name: string; supported_sync_modes: string[] }> }).streams;
      expect(streams.map((s) => s.name)).to.deep.equal(STREAMS.map((s) => s.name));
      expect(streams.map((s) => s.name).slice(0, 4)).to.deep.equal(['issues', 'iterations', 'project_members', 'projects']);
      expect(streams.find((s) => s.name === 'iterations')?.supported_sync_modes).to.deep.equal(['full_refresh']);
    });

    it('declares iterations and members incremental in webhook mode', async () => {
      const run = await withConfig(['discover'], { ...config, incremental_mode: 'webhook', webhook_store: '/tmp/unused-store' });
      const streams = (run.messages[0]?.catalog as { streams: Array<{ name: string; supported_sync_modes: string[]; default_cursor_field?: string[] }> }).streams;
      expect(streams.find((s) => s.name === 'iterations')).to.deep.include({ supported_sync_modes: ['full_refresh', 'incremental'], default_cursor_field: ['UpdatedAt'] });
      expect(streams.find((s) => s.name === 'project_members')?.default_cursor_field).to.deep.equal(['_ab_cdc_updated_at']);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, () => Promise<Awaited<ReturnType<typeof runCli>>>, RegExp]> = [
      ['a config that does not match the spec', () => withConfig(['discover'], { team_name: 'acme' }), /credentials is required/],
      ['a config file that does not exist', () => runCli(['discover', '--config', '/nonexistent/config.json']), /Cannot read the config file .*does not exist/],
      ['a config file that is not JSON', () => withConfig(['discover'], '{"team_name": "acme",'), /is not valid JSON/],
      ['an empty config file', () => withConfig(['discover'], ''), /is empty/],
      ['a catalog file that is not JSON', async () => {
        const files = await tempFiles({ 'config.json': config, 'catalog.json': 'nope' });
        return runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '']);
      }, /catalog file .* is not valid JSON/],
      ['a malformed state', async () => {
        const files = await tempFiles({ 'config.json': config, 'catalog.json': { streams: [] }, 'state.json': [{ type: 'STREAM', stream: { stream_state: {} } }] });
        return runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '', '--state', files['state.json'] ?? '']);
      }, /State entry #1 lacks "stream.stream_descriptor.name"/],
      ['an invalid sync mode in the catalog', async () => {
        const files = await tempFiles({ 'config.json': config, 'catalog.json': { streams: [{ stream: { name: '__AIRBYTE__stream_that_does_not_exist', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'INVALID', destination_sync_mode: 'append' }] } });
        return runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '']);
      }, /sync_mode "INVALID"/],
    ];
    for (const [what, run, pattern] of cases) {
      it(`answers ${what} with one config_error TRACE and a non-zero exit`, async () => {
        const result = await run();
        expect(result.code).to.not.equal(0);
        const errors = traceErrors(result.messages);
        expect(errors).to.have.length(1);
        expect(errors[0]?.error.failure_type).to.equal('config_error');
        expect(errors[0]?.error.message).to.match(pattern);
        expect(result.stdout).not.to.match(/^\s+at /m);
      });
    }

    it('never echoes a token from an invalid config', async () => {
      const result = await withConfig(['discover'], { team_name: 42, credentials: { auth_type: 'token', access_token: BAD_TOKEN } });
      expect(result.code).to.not.equal(0);
      expect(result.stdout + result.stderr).not.to.include(BAD_TOKEN);
    });

    it('answers an unknown command or a missing flag with usage on stderr and a non-zero exit', async () => {
      for (const args of [['bogus'], ['read', '--config', 'x.json'], []]) {
        const result = await runCli(args);
        expect(result.code, args.join(' ')).to.equal(2);
        expect(result.stderr).to.match(/source-coding (<command>|read)/).and.match(/Unknown argument|Missing required argument|Name a command/);
        expect(traceErrors(result.messages)[0]?.error.failure_type).to.equal('config_error');
      }
    });

    it('stops promptly on SIGTERM with a non-zero exit, as when a sync is cancelled', async function () {
      sim.setLatency(400);
      try {
        const files = await tempFiles({ 'config.json': config, 'catalog.json': { streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] } });
        const child = spawn(process.execPath, [join(projectRoot, 'dist/cli/main.js'), 'read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? ''], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let signalled = false;
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (!signalled && out.includes('"STARTED"')) signalled = child.kill('SIGTERM');
        });
        const code = await new Promise((resolve) => child.on('close', resolve));
        expect(code).to.equal(143);
        expect(out).to.include('Stopped by SIGTERM');
      } finally {
        sim.setLatency(0);
      }
    });

    it('prints readable help and the version to stderr, leaving stdout to protocol messages', async () => {
      const help = await runCli(['read', '--help']);
      expect(help.code).to.equal(0);
      expect(help.stdout).to.equal('');
      expect(help.stderr).to.include('--catalog').and.include('--state');
      const version = await runCli(['--version']);
      expect(version.code).to.equal(0);
      expect(version.stdout).to.equal('');
      expect(version.stderr.trim()).to.equal(JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')).version);
    });
  });
});
