import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, tempFiles, type AirbyteLine } from '../test-support/cli-runner.js';
import { runInterrupted, type InterruptedRun } from '../test-support/interrupted-run.js';
import { SeededChoices } from '../test-support/seeded-choices.js';

interface StateMessage {
  stream: { stream_descriptor: { name: string } };
  sourceStats?: { recordCount: number };
}

const record = (m: AirbyteLine) => m.record as { stream: string; data: { Key: string } };
const stateOf = (m: AirbyteLine) => m.state as StateMessage;

/** The issue keys a run emitted, split at its last issues STATE: before it the destination commits them; after it, not. */
function issuesOf(run: { messages: AirbyteLine[] }): { committed: string[]; uncommitted: string[] } {
  let lastState = -1;
  run.messages.forEach((m, i) => {
    if (m.type === 'STATE' && stateOf(m).stream.stream_descriptor.name === 'issues') lastState = i;
  });
  const committed: string[] = [];
  const uncommitted: string[] = [];
  run.messages.forEach((m, i) => {
    if (m.type === 'RECORD' && record(m).stream === 'issues') (i < lastState ? committed : uncommitted).push(record(m).data.Key);
  });
  return { committed, uncommitted };
}

describe('interruption: a read killed (SIGKILL, SIGTERM) at seeded points and resumed from its last STATEs loses nothing', () => {
  const seed = SeededChoices.seedFor(1212);
  const KILLS = 24;
  const MAX_KILLS_PER_CHAIN = 6;
  let sim: Simulator;
  let args: string[];
  let expectedIssues: Set<string>;
  let expectedCounts: Record<string, number>;
  let baselineLines: number;
  /** One checkpoint's worth: the most issue records any single STATE of an uninterrupted read accounts for. */
  let checkpointWorth: number;

  before(async function () {
    this.timeout(60_000);
    // Pages hold 500 items, so checkpoints come from partitions: six projects, four streams.
    sim = await startSimulator({ dataset: { projects: 6, issuesPerProject: 60, iterationsPerProject: 3, membersPerProject: 4 } });
    const stream = (name: string, mode: string) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: mode, destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite' });
    const files = await tempFiles({
      'config.json': { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100 },
      'catalog.json': { streams: [stream('issues', 'incremental'), stream('iterations', 'full_refresh'), stream('project_members', 'full_refresh'), stream('projects', 'full_refresh')] },
    });
    args = ['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? ''];
    expectedIssues = new Set(sim.projectNames().flatMap((p) => sim.issueCodes(p).map((code) => `${sim.team}/${p}/${code}`)));
    expectedCounts = {
      iterations: sim.projectNames().reduce((n, p) => n + sim.iterations(p).length, 0),
      project_members: sim.projectNames().reduce((n, p) => n + sim.members(p).length, 0),
      projects: sim.projectNames().length,
    };
    const baseline = await runInterrupted(args, Number.POSITIVE_INFINITY, 'SIGKILL');
    expect(baseline.code, baseline.stderr).to.equal(0);
    baselineLines = baseline.messages.length;
    checkpointWorth = Math.max(...ofType(baseline.messages, 'STATE').filter((m) => stateOf(m).stream.stream_descriptor.name === 'issues').map((m) => stateOf(m).sourceStats?.recordCount ?? 0));
    expect(issuesOf(baseline).committed, 'an uninterrupted read commits every issue').to.have.length(expectedIssues.size);
  });
  after(() => sim.close());

  it(`covers every record across the runs, commits each issue once, and re-sends at most one checkpoint's worth per kill (${KILLS} kills)`, async function () {
    this.timeout(300_000);
    const random = new SeededChoices(seed);
    const journal: string[] = [];
    const failures: string[] = [];
    let kills = 0;
    for (let chain = 1; kills < KILLS; chain++) {
      /** The platform's view: the last STATE of each stream, across the runs of this chain. */
      const state = new Map<string, unknown>();
      const committed = new Map<string, number>();
      let emittedIssues = 0;
      let resendable = 0;
      for (let attempt = 0; ; attempt++) {
        const remaining = Math.max(2, baselineLines - committed.size);
        const afterLines = attempt < MAX_KILLS_PER_CHAIN ? random.int(1, remaining) : Number.POSITIVE_INFINITY;
        const signal = random.pick(['SIGKILL', 'SIGTERM'] as const);
        const stateFile = await tempFiles({ 'state.json': [...state.values()] });
        const run: InterruptedRun = await runInterrupted([...args, '--state', stateFile['state.json'] ?? ''], afterLines, signal);
        const issues = issuesOf(run);
        const stopped = run.interrupted && run.code !== 0;
        const where = `chain ${chain}, run ${attempt + 1}`;
        journal.push(`${where}: ${stopped ? `${signal} after line ${afterLines}` : 'ran to the end'} → exit ${run.code ?? run.signal}, ${issues.committed.length} issues committed, ${issues.uncommitted.length} not`);

        for (const key of issues.committed) committed.set(key, (committed.get(key) ?? 0) + 1);
        emittedIssues += issues.committed.length + issues.uncommitted.length;
        for (const m of ofType(run.messages, 'STATE')) state.set(stateOf(m).stream.stream_descriptor.name, { type: 'STREAM', stream: stateOf(m).stream });

        if (stopped) {
          kills += 1;
          resendable += issues.uncommitted.length;
          if (issues.uncommitted.length > checkpointWorth) failures.push(`${where}: ${issues.uncommitted.length} issues emitted after the last checkpoint, more than one checkpoint's worth (${checkpointWorth})`);
          if (signal === 'SIGTERM') {
            if (run.code !== 143) failures.push(`${where}: SIGTERM ended with ${run.code ?? run.signal}, not 143`);
            if (run.partial !== '') failures.push(`${where}: SIGTERM left a partial line`);
          }
          continue;
        }
        if (run.code !== 0) failures.push(`${where}: the resumed read failed with ${run.code ?? run.signal}: ${run.stderr.slice(0, 300)}`);
        const counts = (stream: string) => ofType(run.messages, 'RECORD').filter((m) => record(m).stream === stream).length;
        for (const [stream, expected] of Object.entries(expectedCounts)) {
          if (counts(stream) !== expected) failures.push(`${where}: ${counts(stream)} ${stream} records in the completing run, expected ${expected} (full refresh re-reads the whole stream)`);
        }
        break;
      }
      const lost = [...expectedIssues].filter((key) => !committed.has(key));
      const twice = [...committed].filter(([, n]) => n > 1).map(([key]) => key);
      const duplicates = emittedIssues - expectedIssues.size;
      if (lost.length > 0) failures.push(`chain ${chain}: ${lost.length} issues never committed, e.g. ${lost.slice(0, 3).join(', ')}`);
      if (twice.length > 0) failures.push(`chain ${chain}: ${twice.length} issues committed twice, e.g. ${twice.slice(0, 3).join(', ')}`);
      if (duplicates > resendable) failures.push(`chain ${chain}: ${duplicates} issue records re-sent, more than the ${resendable} emitted after the kills' last checkpoints`);
    }
    expect(failures, `seed ${seed} (replay with SOURCE_CODING_TEST_SEED=${seed})\n${journal.join('\n')}\n`).to.deep.equal([]);
  });
});
