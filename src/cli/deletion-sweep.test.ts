import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, stateFileOf, tempFiles, type CliRun } from '../test-support/cli-runner.js';
import { RecordSchemas } from '../test-support/record-schemas.js';

interface RecordData {
  stream: string;
  data: Record<string, unknown>;
}
type CatalogStream = { name: string; json_schema: Record<string, unknown>; supported_sync_modes: string[] };

const records = (run: CliRun) => ofType(run.messages, 'RECORD').map((m) => m.record as RecordData);
const issueRecords = (run: CliRun) => records(run).filter((r) => r.stream === 'issues').map((r) => r.data);
const tombstoneKeys = (run: CliRun) => issueRecords(run).filter((d) => typeof d._ab_cdc_deleted_at === 'string').map((d) => String(d.Key)).sort();
const liveKeys = (run: CliRun) => issueRecords(run).filter((d) => d._ab_cdc_deleted_at === undefined).map((d) => String(d.Key)).sort();
const logs = (run: CliRun, level: string) => ofType(run.messages, 'LOG').map((m) => m.log as { level: string; message: string }).filter((l) => l.level === level).map((l) => l.message);

describe('read in polling mode sees deletes (the deletion sweep, end to end)', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalogStreams: CatalogStream[];

  const catalog = () => ({
    streams: catalogStreams.map((stream) => ({
      stream,
      sync_mode: stream.name === 'issues' ? 'incremental' : 'full_refresh',
      destination_sync_mode: stream.name === 'issues' ? 'append_dedup' : 'overwrite',
    })),
  });

  async function read(state?: unknown): Promise<CliRun> {
    const files = await tempFiles({ 'config.json': config, 'catalog.json': catalog(), ...(state === undefined ? {} : { 'state.json': state }) });
    const args = ['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? ''];
    if (state !== undefined) args.push('--state', files['state.json'] ?? '');
    const run = await runCli(args);
    expect(run.code, run.stderr).to.equal(0);
    return run;
  }

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 80, iterationsPerProject: 3, membersPerProject: 4 } });
    config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100, deletion_sweep_hours: 0 };
    const files = await tempFiles({ 'config.json': config });
    const discovered = await runCli(['discover', '--config', files['config.json'] ?? '']);
    catalogStreams = (discovered.messages[0]?.catalog as { streams: CatalogStream[] }).streams;
  });
  after(() => sim.close());

  it('full sync; 5 deletes, 2 updates, 3 creates; the next sync emits 5 tombstones, 2 updates, 3 creates; the one after, no tombstone', async () => {
    const first = await read();
    expect(tombstoneKeys(first)).to.deep.equal([]);

    const [a = '', b = ''] = sim.projectNames();
    const key = (project: string, code: number) => `${sim.team}/${project}/${code}`;
    // Issues without sub-tasks, so that each delete removes one issue.
    const leaves = (project: string) => sim.issueCodes(project).filter((code) => sim.issueDetail(project, code).SubTasks.length === 0 && sim.issueListItem(project, code).Type !== 'EPIC');
    const deleted = [...leaves(a).slice(0, 3).map((code) => key(a, code)), ...leaves(b).slice(-2).map((code) => key(b, code))];
    for (const k of deleted) {
      const [, project = '', code = ''] = k.split('/');
      sim.control.deleteIssue(project, Number(code));
    }
    const changed = [key(a, sim.control.updateIssue(a, leaves(a)[4] ?? 0, { Name: '改了' }).Code), key(b, sim.control.updateIssue(b, leaves(b)[0] ?? 0, { Name: 'changed' }).Code)];
    const created = [key(a, sim.control.createIssue(a, { Name: '新 1' }).Code), key(b, sim.control.createIssue(b, { Name: 'new 2' }).Code), key(b, sim.control.createIssue(b, { Name: 'new 3', Type: 'DEFECT' }).Code)];

    const second = await read(stateFileOf(first));
    expect(tombstoneKeys(second)).to.deep.equal([...deleted].sort());
    expect(liveKeys(second)).to.deep.equal([...changed, ...created].sort());
    const schemas = new RecordSchemas(catalogStreams);
    expect(records(second).flatMap((r) => schemas.problems(r.stream, r.data))).to.deep.equal([]);
    // Only the issues stream's own warnings matter here (a depot the token cannot read is another story).
    expect(logs(second, 'WARN').filter((line) => line.startsWith('issues'))).to.deep.equal([]);

    const third = await read(stateFileOf(second));
    expect(tombstoneKeys(third)).to.deep.equal([]);
    expect(liveKeys(third)).to.deep.equal([]);
  });

  it('ends every stream with one INFO line saying what it emitted and cost', async () => {
    const run = await read();
    for (const stream of catalogStreams.map((s) => s.name)) {
      const lines = logs(run, 'INFO').filter((text) => text.startsWith(`Stream ${stream} complete:`));
      expect(lines, stream).to.have.length(1);
      const emitted = records(run).filter((r) => r.stream === stream).length;
      expect(lines[0], stream).to.match(new RegExp(`: ${emitted} records? emitted \\(0 tombstones\\); [1-9]\\d* requests? to Coding; Coding's totals: `));
    }
  });
});
