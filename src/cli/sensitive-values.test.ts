import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { runCli, tempFiles, type CliRun } from '../test-support/cli-runner.js';

const CODE_STREAMS = ['depots', 'merge_requests', 'commits', 'releases', 'ci_jobs', 'ci_builds'];

describe('sensitive CI variables never reach stdout or stderr, whole reads and failures included', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let secrets: string[];
  let configPath: string;
  let catalogPath: string;

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 5, iterationsPerProject: 2, membersPerProject: 6 } });
    const jobs = sim.projectNames().flatMap((p) => sim.list('DescribeCodingCIJobs', { ProjectId: sim.project(p).Id }));
    const builds = jobs.flatMap((j) => sim.list('DescribeCodingCIBuilds', { JobId: j.Id }));
    secrets = [...new Set([...jobs, ...builds].flatMap((item) => item.EnvList.filter((e) => e.Sensitive).map((e) => e.Value)))];
    const config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100 };
    const discovered = await runCli(['discover', '--config', (await tempFiles({ 'config.json': config }))['config.json'] ?? '']);
    const streams = (discovered.messages[0]?.catalog as { streams: Array<{ name: string; supported_sync_modes: string[] }> }).streams.filter((s) => CODE_STREAMS.includes(s.name));
    const files = await tempFiles({
      'config.json': config,
      'catalog.json': { streams: streams.map((stream) => ({ stream, sync_mode: stream.supported_sync_modes.at(-1), destination_sync_mode: 'append' })) },
    });
    configPath = files['config.json'] ?? '';
    catalogPath = files['catalog.json'] ?? '';
  });
  after(() => sim.close());

  const read = (env: NodeJS.ProcessEnv = {}, config = configPath): Promise<CliRun> => runCli(['read', '--config', config, '--catalog', catalogPath], { env: { SOURCE_CODING_MAX_RETRIES: '1', ...env } });
  const leaked = (run: CliRun) => secrets.filter((secret) => run.stdout.includes(secret) || run.stderr.includes(secret));

  it('has sensitive values to look for, and the plain ones do reach the output (so the check can fail)', async () => {
    expect(secrets.length).to.be.greaterThan(10);
    const run = await read();
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('ap-shanghai');
    expect(leaked(run)).to.deep.equal([]);
  });

  it('leaks none while Coding fails, answers garbage, and a stream gives up', async () => {
    sim.faults.inject({ kind: 'invalidJson', action: 'DescribeCodingCIJobs', times: 1 });
    sim.faults.inject({ kind: 'http500', action: 'DescribeCodingCIBuilds', times: 1 });
    sim.faults.inject({ kind: 'rateLimitError', action: 'DescribeCodingCIBuilds', times: 1 });
    // Then every further build request fails past the retries: ci_builds fails, the others complete.
    sim.faults.inject({ kind: 'http502', action: 'DescribeCodingCIBuilds', times: 200 });
    const run = await read();
    sim.faults.clear();
    expect(run.code, 'the read failed (a stream gave up)').to.not.equal(0);
    expect(run.stdout).to.include('"ci_jobs"');
    expect(leaked(run)).to.deep.equal([]);
  });

  it('leaks none when the token lacks the builds’ scope', async () => {
    const config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.lacking('ci:build:ro') }, requests_per_second: 100 };
    const run = await read({}, (await tempFiles({ 'config.json': config }))['config.json']);
    expect(run.stdout).to.include('ci:build:ro');
    expect(leaked(run)).to.deep.equal([]);
  });
});
