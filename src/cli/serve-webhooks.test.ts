import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ofType, runCli, type AirbyteLine } from '../test-support/cli-runner.js';
import { projectRoot } from '../test-support/protocol-schema.js';
import { exitOf, spawnTsEntry, waitForLine } from '../webhooks/test-support/child-process.js';
import { postDelivery } from '../webhooks/test-support/post-delivery.js';
import { issueBody } from '../webhooks/test-support/sample-events.js';

const SECRET = 'serve-webhooks-secret-4242';
type Trace = { type: string; error: { message: string; failure_type: string } };
const traceErrors = (messages: AirbyteLine[]) => ofType(messages, 'TRACE').map((m) => m.trace as Trace).filter((t) => t.type === 'ERROR');

describe('source-coding serve-webhooks (the executable)', function () {
  this.timeout(60_000);
  let dir: string;
  let configPath: string;
  const writeConfig = async (store: string): Promise<string> => {
    const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    const config = {
      team_name: 'acme',
      credentials: { auth_type: 'token', access_token: '0123456789abcdef0123456789abcdef01234567' },
      incremental_mode: 'webhook',
      webhook_store: store,
      webhook_secret: SECRET,
    };
    await writeFile(path, JSON.stringify(config));
    return path;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-serve-'));
    configPath = await writeConfig(join(dir, 'events'));
  });
  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await chmod(join(dir, 'events'), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['a negative port', ['--port', '-1'], /--port must be a port number from 0 to 65535; got -1/],
    ['a port that is not a number', ['--port', 'abc'], /--port must be a port number.*not a number/],
    ['no connections allowed', ['--max-connections', '0'], /--max-connections must be a whole number of at least 1; got 0/],
    ['a body budget smaller than one body', ['--max-body-bytes', '2000', '--max-buffered-bytes', '1000'], /--max-buffered-bytes \(1000\) must be at least --max-body-bytes \(2000\)/],
    ['an unknown log format', ['--log-format', 'xml'], /log-format/],
  ];
  for (const [what, flags, reason] of cases) {
    it(`ends with one config_error TRACE and a non-zero exit, before opening the store, for ${what}`, async () => {
      const run = await runCli(['serve-webhooks', '--config', configPath, '--host', '127.0.0.1', ...flags]);
      expect(run.code).to.be.oneOf([1, 2]);
      expect(run.messages, run.stdout).to.have.length(1);
      const [error] = traceErrors(run.messages);
      expect(error?.error.failure_type).to.equal('config_error');
      expect(error?.error.message).to.match(reason);
      expect(run.stdout + run.stderr).not.to.include('this is a bug');
      expect(await readdir(dir), 'the store directory was not created').not.to.include('events');
    });
  }

  it('refuses, as a config error and quickly, a store under /proc where no directory can be made', async () => {
    const run = await runCli(['serve-webhooks', '--config', await writeConfig('/proc/source-coding/events'), '--host', '127.0.0.1', '--port', '0']);
    expect(run.code).to.equal(1);
    const [error] = traceErrors(run.messages);
    expect(error?.error.failure_type).to.equal('config_error');
    expect(error?.error.message).to.include('/proc/source-coding/events');
  });

  it('refuses a read-only store directory with a stale writer lock as a config error, not a bug', async () => {
    const store = join(dir, 'events');
    // A receiver that died by SIGKILL leaves its lock behind.
    const holder = spawnTsEntry('./lock-holder.ts', [store]);
    await waitForLine(holder, /^LOCKED$/);
    holder.kill('SIGKILL');
    await exitOf(holder);
    expect(await readdir(store)).to.include('writer.lock');
    // Root writes through any permission bit (CI runs as root): the receiver then runs as nobody.
    const asRoot = process.getuid?.() === 0;
    await chmod(dir, 0o755);
    await chmod(configPath, 0o644);
    await chmod(store, 0o555);
    const child = spawn(process.execPath, [join(projectRoot, 'dist/cli/main.js'), 'serve-webhooks', '--config', configPath, '--host', '127.0.0.1', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const { code } = await exitOf(child);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as AirbyteLine);
    const [error] = traceErrors(lines);
    expect(code, stdout).to.equal(1);
    expect(error?.error.failure_type, stdout).to.equal('config_error');
    expect(error?.error.message).to.include('writer lock').and.include('EACCES').and.include('write access');
  });

  it('logs one JSON object per line with --log-format json, the delivery id on lines about a delivery, never the secret', async () => {
    const child = spawn(process.execPath, [join(projectRoot, 'dist/cli/main.js'), 'serve-webhooks', '--config', configPath, '--host', '127.0.0.1', '--port', '0', '--log-format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = (await waitForLine(child, /receiving Coding Service Hooks at (http:\/\/[^/]+)\//))[1]!;
    expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 1), { secret: SECRET, deliveryId: 'json-ok' })).status).to.equal(200);
    expect((await postDelivery(url, issueBody('ISSUE_UPDATED', 2), { secret: 'wrong', deliveryId: 'json-forged' })).status).to.equal(401);
    expect((await postDelivery(url, '{"event":"ISSUE_UPDATED"}', { secret: SECRET, deliveryId: 'json-shape' })).status).to.equal(422);
    child.kill('SIGTERM');
    expect((await exitOf(child)).code).to.equal(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      expect(Object.keys(line).sort().join(',')).to.be.oneOf(['level,message,time', 'delivery_id,level,message,time']);
      expect(new Date(String(line.time)).toISOString()).to.equal(line.time);
    }
    const about = (id: string) => lines.filter((line) => String(line.message).includes(id));
    for (const id of ['json-forged', 'json-shape']) {
      expect(about(id), id).to.have.length.at.least(1);
      for (const line of about(id)) expect(line.delivery_id).to.equal(id);
    }
    expect(lines.map((line) => line.level)).to.include('info').and.include('warn');
    expect(stdout).not.to.include(SECRET);
    expect(stdout).not.to.include('ISSUE_UPDATED",');
  });
});
