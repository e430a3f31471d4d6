import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { DEEP, deepJson, generateCases, workingConfig, type Family, type Fixture, type InputCase } from '../test-support/bad-inputs.js';
import { ofType, runCli, stateFileOf, tempFiles } from '../test-support/cli-runner.js';
import { runInProcess } from '../test-support/in-process-cli.js';
import { argsFor, problemsWith } from '../test-support/input-outcome.js';
import { SeededChoices } from '../test-support/seeded-choices.js';

describe('bad input: every generated bad config, catalog and state ends as one clear error, with no stack trace and no secret', () => {
  const seed = SeededChoices.seedFor(20_240_212);
  let sim: Simulator;
  let fx: Fixture;
  let cases: InputCase[];
  let secrets: string[];
  let root: string;

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 6, iterationsPerProject: 1, membersPerProject: 1 } });
    const random = new SeededChoices(seed);
    const planted = (label: string) => `${label}${random.text(28)}`;
    fx = {
      team: sim.team,
      apiUrl: sim.apiUrl,
      token: sim.tokens.personal,
      project: sim.projectNames()[0] ?? 'platform',
      planted: { accessToken: planted('pat'), refreshToken: planted('rft'), clientSecret: planted('cls'), webhookSecret: planted('whs') },
    };
    secrets = [fx.token, ...Object.values(fx.planted)];
    cases = generateCases(fx, random);
    root = await mkdtemp(join(tmpdir(), 'source-coding-bad-input-'));
  });
  after(async () => {
    await sim.close();
    await rm(root, { recursive: true, force: true });
  });

  async function runFamily(this: Mocha.Context, family: Family, minimum: number): Promise<void> {
    this.timeout(120_000);
    const selected = cases.filter((c) => c.family === family);
    expect(selected.length, `${family} cases`).to.be.at.least(minimum);
    const failures: string[] = [];
    for (const input of selected) {
      const run = await runInProcess(await argsFor(input, root)).catch((error: unknown) => ({ code: null, stdout: '', stderr: `the run threw: ${String(error)}` }));
      const problems = problemsWith(input, run, secrets);
      if (problems.length > 0) failures.push(`${input.name} [${input.command}]: ${problems.join('; ')}`);
    }
    expect(failures, `seed ${seed} (replay with SOURCE_CODING_TEST_SEED=${seed}); ${failures.length} of ${selected.length} ${family} cases went wrong:\n  ${failures.join('\n  ')}\n`).to.deep.equal([]);
  }

  it('bad configs: a FAILED status from check, otherwise one config_error TRACE and exit 1, naming the field or the file', async function () {
    await runFamily.call(this, 'config', 100);
  });

  it('bad catalogs: one config_error TRACE and exit 1, naming the entry or the file', async function () {
    await runFamily.call(this, 'catalog', 40);
  });

  it('bad states, structural or cursors only the stream can judge: one config_error TRACE and exit 1', async function () {
    await runFamily.call(this, 'state', 40);
  });

  it('unusual but valid inputs (extra fields, legacy, foreign and 5,000-deep states, impossible sync modes) read cleanly', async function () {
    await runFamily.call(this, 'tolerated', 15);
  });

  describe('the executable, spawned for a representative handful', () => {
    const HANDFUL = ['config: a token left unquoted', 'config: a 100,000-deep unknown field', 'catalog: sync_mode nested 100,000 deep', 'state: an endless device (/dev/zero)', 'state: an UpdatedAt of 1e20 (far future)'];
    it('ends each the same way as the in-process run', async function () {
      this.timeout(120_000);
      const failures: string[] = [];
      for (const name of HANDFUL) {
        const input = cases.find((c) => c.name === name);
        if (!input) throw new Error(`no case named "${name}"`);
        const run = await runCli(await argsFor(input, root)).catch((error: unknown) => ({ code: null, stdout: '', stderr: String(error) }));
        const problems = problemsWith(input, run, secrets);
        if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}`);
      }
      expect(failures, `seed ${seed}`).to.deep.equal([]);
    });

    it('reads with a state holding a 5,000-deep unknown key, writes states that the next sync reads, and that sync succeeds too', async function () {
      this.timeout(120_000);
      const config = workingConfig(fx);
      const catalog = { streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };
      const state = deepJson([{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: { projects: {}, junk: DEEP } } }], 5_000);
      const files = await tempFiles({ 'config.json': config, 'catalog.json': catalog, 'state.json': state });
      const first = await runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '', '--state', files['state.json'] ?? '']);
      expect(first.code, first.stderr).to.equal(0);
      const issues = sim.projectNames().reduce((sum, p) => sum + sim.issueCodes(p).length, 0);
      expect(ofType(first.messages, 'RECORD')).to.have.length(issues);
      const written = stateFileOf(first);
      expect(JSON.stringify(written)).not.to.include('junk');
      const again = await tempFiles({ 'state.json': written });
      const second = await runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '', '--state', again['state.json'] ?? '']);
      expect(second.code, second.stderr).to.equal(0);
      expect(ofType(second.messages, 'RECORD')).to.have.length(0);
      expect(ofType(second.messages, 'STATE')).to.have.length.at.least(1);
    });
  });
});
