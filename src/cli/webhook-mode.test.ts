import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, stateFileOf, tempFiles, type CliRun } from '../test-support/cli-runner.js';
import { projectRoot } from '../test-support/protocol-schema.js';
import { postDelivery } from '../webhooks/test-support/post-delivery.js';
import { startTestRedis, type TestRedis } from '../webhooks/test-support/redis-server.js';
import { createEventStore, DEFAULT_RETENTION } from '../webhooks/store/create-event-store.js';
import { freePort } from '../test-support/free-port.js';
import { withoutCustomFieldColumns } from '../test-support/custom-columns.js';

const SECRET = 'hook-signing-secret-0123';
const STREAMS = ['issues', 'iterations', 'project_members'] as const;
type Data = Record<string, unknown>;

const records = (run: CliRun) => ofType(run.messages, 'RECORD').map((m) => m.record as { stream: string; data: Data });

for (const kind of ['file', 'redis'] as const) {
  describe(`webhook mode end to end (${kind} store)`, function () {
    this.timeout(120_000);
    let redis: TestRedis | undefined;
    let sim: Simulator;
    let receiver: ChildProcess | undefined;
    let port: number;
    let config: Data;
    let configPath: string;
    let catalogPath: string;

    async function startReceiver(): Promise<void> {
      const child = spawn(process.execPath, [join(projectRoot, 'dist/cli/main.js'), 'serve-webhooks', '--config', configPath, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      receiver = child;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/receiving Coding Service Hooks/.test(out)) resolve();
        });
        child.on('exit', (code) => reject(new Error(`receiver exited (${code}): ${out}`)));
      });
    }

    async function stopReceiver(signal: NodeJS.Signals): Promise<void> {
      const child = receiver;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }

    async function read(state?: unknown): Promise<CliRun> {
      const args = ['read', '--config', configPath, '--catalog', catalogPath];
      if (state !== undefined) {
        const files = await tempFiles({ 'state.json': state });
        args.push('--state', files['state.json'] ?? '');
      }
      const run = await runCli(args);
      expect(run.code, run.stderr + run.stdout.slice(-2000)).to.equal(0);
      return run;
    }

    before(async () => {
      redis = kind === 'redis' ? await startTestRedis() : undefined;
      const store = redis ? redis.isolatedUrl() : join(await mkdtemp(join(tmpdir(), 'source-coding-events-')), 'store');
      port = await freePort();
      sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 40, iterationsPerProject: 5, membersPerProject: 6 }, serviceHook: { url: `http://127.0.0.1:${port}/webhooks/coding`, secret: SECRET } });
      config = { team_name: sim.team, api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal }, requests_per_second: 100, incremental_mode: 'webhook', webhook_store: store, webhook_secret: SECRET };
      const discovered = await tempFiles({ 'config.json': config });
      configPath = discovered['config.json'] ?? '';
      const catalog = (await runCli(['discover', '--config', configPath])).messages[0]?.catalog as { streams: Array<{ name: string }> };
      const files = await tempFiles({
        'catalog.json': { streams: catalog.streams.filter((s) => (STREAMS as readonly string[]).includes(s.name)).map((stream) => ({ stream, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' })) },
      });
      catalogPath = files['catalog.json'] ?? '';
      await startReceiver();
    });

    after(async () => {
      await stopReceiver('SIGTERM');
      await sim?.close();
      await redis?.stop();
    });

    it('snapshots first, then emits exactly the acknowledged changes, deletes included, across a SIGKILL of the receiver', async () => {
      const [p1, p2] = sim.projectNames() as [string, string];
      const first = await read();
      expect(records(first).filter((r) => r.stream === 'issues')).to.have.length(80);

      // Changes acknowledged by a running receiver.
      sim.control.updateIssue(p1, 4, { Name: '改名 🔁' });
      sim.control.updateIssue(p1, 4, { Name: '又改了' });
      const created = sim.control.createIssue(p2, { Name: 'created by hook', Type: 'DEFECT' });
      sim.control.deleteIssue(p2, 7);
      sim.control.updateIteration(p1, 2, { Name: 'Sprint renamed' });
      sim.control.deleteIteration(p2, 5);
      const joined = sim.control.addMember(p1);
      const leaving = sim.members(p2).at(-1)?.Id ?? 0;
      sim.control.removeMember(p2, leaving);
      await sim.hooks.settled();

      // Forged, duplicate and ping deliveries straight to the receiver.
      const base = `http://127.0.0.1:${port}`;
      const body = JSON.stringify({ event: 'ISSUE_UPDATED', issue: { code: 9, updated_at: Date.now() }, project: { name: p1 }, team: { domain: sim.team } });
      expect((await postDelivery(base, body, { secret: 'wrong-secret', deliveryId: 'forged-1' })).status).to.equal(401);
      expect((await postDelivery(base, body, { deliveryId: 'unsigned-1' })).status).to.equal(401);
      expect((await postDelivery(base, body, { secret: SECRET, deliveryId: 'manual-1', event: 'ISSUE_UPDATED' })).status).to.equal(200);
      const again = await postDelivery(base, body, { secret: SECRET, deliveryId: 'manual-1', event: 'ISSUE_UPDATED' });
      expect(again.status).to.equal(200);
      expect(again.body.status).to.equal('duplicate');
      expect((await postDelivery(base, JSON.stringify({ zen: 'Coding! 让开发更简单' }), { secret: SECRET, headers: { 'x-coding-event': 'ping' } })).status).to.equal(200);

      // The receiver dies in the middle of a burst of changes, and comes back.
      const burst = [...Array(30).keys()];
      let killed = false;
      for (const i of burst) {
        sim.control.updateIssue(p1 , 10 + (i % 20), { Name: `burst ${i}` });
        if (i === 12) {
          await new Promise((r) => setTimeout(r, 20));
          await stopReceiver('SIGKILL');
          killed = true;
        }
      }
      expect(killed).to.equal(true);
      await sim.hooks.settled();
      await startReceiver();
      sim.control.updateIssue(p2, 1, { Name: 'after the restart' });
      sim.control.updateMemberRole(p1, joined.Id, 'ProjectGuest');
      await sim.hooks.settled();

      const acknowledged = sim.hooks.deliveries().filter((d) => d.status === 200);
      const refused = sim.hooks.deliveries().filter((d) => d.status !== 200);
      expect(refused.length, 'deliveries lost to the kill').to.be.greaterThan(0);

      // What the store holds is exactly what was acknowledged.
      const store = await createEventStore(String(config.webhook_store), { retention: DEFAULT_RETENTION });
      const stored: Array<{ deliveryId: string; event: string; projectName: string; body: string }> = [];
      for await (const event of store.read(null)) stored.push(event);
      await store.close();
      // Every acknowledged delivery is stored once; a delivery stored just before the kill, whose answer
      // never left the receiver, may be stored without having been acknowledged.
      const storedIds = stored.map((e) => e.deliveryId);
      expect(new Set(storedIds).size).to.equal(storedIds.length);
      expect(storedIds).to.include.members([...acknowledged.map((d) => d.deliveryId), 'manual-1']);
      const storedUnacknowledged = storedIds.length - acknowledged.length - 1;

      // The sync after: one record per object with an acknowledged change, as Coding has it now.
      const second = await read(stateFileOf(first));
      const expected = expectedRecords(stored);
      const emitted = new Map(records(second).map((r) => [`${r.stream}:${String(r.data.Key)}`, r]));
      const lost = [...expected.keys()].filter((key) => !emitted.has(key));
      const unexpected = [...emitted.keys()].filter((key) => !expected.has(key));
      console.log(`      ${kind}: ${sim.hooks.deliveries().length} sent by Coding (${refused.length} refused while the receiver was down) + 1 by hand, ${acknowledged.length + 1} acknowledged, ${stored.length} stored (${storedUnacknowledged} of them stored but unanswered at the kill), ${emitted.size} records emitted for ${expected.size} changed objects, ${lost.length} lost`);
      expect(lost).to.deep.equal([]);
      expect(unexpected).to.deep.equal([]);
      for (const [key, record] of emitted) expect(withoutCustomFieldColumns(record.data), key).to.deep.equal(withTimesOf(expected.get(key) ?? {}, record.data));

      const tombstone = emitted.get(`issues:${sim.team}/${p2}/7`)?.data;
      expect(tombstone?._ab_cdc_deleted_at).to.be.a('string');
      expect(emitted.get(`issues:${sim.team}/${p2}/${created.Code}`)?.data.Name).to.equal('created by hook');

      // Nothing new: the next sync replays nothing.
      const third = await read(stateFileOf(second));
      expect(records(third)).to.deep.equal([]);
    });

    it('falls back to a full snapshot, saying so, when the state’s offset is no longer covered by the store', async () => {
      const stale = STREAMS.map((name) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: { webhook: { store: 'another-store-id', offset: null, snapshotComplete: true } } } }));
      const run = await read(stale);
      expect(records(run).filter((r) => r.stream === 'issues').length).to.equal(sim.projectNames().reduce((n, p) => n + sim.issueCodes(p).length, 0));
      const warnings = ofType(run.messages, 'LOG').map((m) => (m.log as { message: string }).message).filter((t) => /full snapshot/.test(t));
      expect(warnings.length).to.equal(STREAMS.length);
    });

    it('applies changes made while the snapshot runs, after it: at least once, never a gap', async () => {
      const [p1] = sim.projectNames() as [string];
      let changed: { Code: number } | undefined;
      let lists = 0;
      // The first project is read by then: only the event can bring the change.
      const stop = sim.onRequest((req) => {
        if (req.action === 'DescribeIssueListWithPage' && ++lists === 2) changed = sim.control.updateIssue(p1, 2, { Name: 'changed during the snapshot' });
      });
      const first = await read();
      stop();
      await sim.hooks.settled();
      const second = await read(stateFileOf(first));
      const key = `${sim.team}/${p1}/2`;
      const versions = [...records(first), ...records(second)].filter((r) => r.stream === 'issues' && r.data.Key === key).map((r) => r.data.UpdatedAt);
      expect(changed).not.to.equal(undefined);
      expect(versions).to.include(sim.issueListItem(p1, 2).UpdatedAt);
    });

    /** Every object with a stored change, as a record of Coding's current state or as a tombstone. */
    function expectedRecords(stored: Array<{ event: string; projectName: string; body: string }>): Map<string, Data> {
      const expected = new Map<string, Data>();
      for (const event of stored) {
        const body = JSON.parse(event.body) as Record<string, Record<string, unknown>>;
        const project = event.projectName;
        const team = { Key: '', TeamName: sim.team, ProjectName: project };
        if (event.event.startsWith('ISSUE_')) {
          const code = Number(body.issue?.code);
          const key = `${sim.team}/${project}/${code}`;
          const exists = sim.issueCodes(project).includes(code);
          expected.set(`issues:${key}`, exists ? { ...team, Key: key, ...sim.issueListItem(project, code), _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: null } : { ...team, Key: key, Code: code, UpdatedAt: '*', _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: '*' });
        } else if (event.event.startsWith('ITERATION_')) {
          const code = Number(body.iteration?.code);
          const key = `${sim.team}/${project}/${code}`;
          const current = sim.iterations(project).find((i) => i.Code === code);
          expected.set(`iterations:${key}`, current ? { ...team, Key: key, ...current, _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: null } : { ...team, Key: key, Code: code, UpdatedAt: '*', _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: '*' });
        } else if (event.event.startsWith('MEMBER_')) {
          const id = Number(body.member?.id);
          const key = `${sim.team}/${project}/${id}`;
          const current = sim.members(project).find((m) => m.Id === id);
          const projectId = sim.project(project).Id;
          expected.set(`project_members:${key}`, current ? { ...team, Key: key, ProjectId: projectId, ...current, _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: null } : { ...team, Key: key, ProjectId: projectId, Id: id, _ab_cdc_updated_at: '*', _ab_cdc_deleted_at: '*' });
        }
      }
      return expected;
    }
  });
}

/** Fills the '*' placeholders (times set by the receiver's clock) from the actual record, once checked present. */
function withTimesOf(expected: Data, actual: Data): Data {
  const filled: Data = { ...expected };
  for (const [field, value] of Object.entries(expected)) {
    if (value !== '*') continue;
    expect(actual[field], field).to.satisfy((v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v))) || (typeof v === 'number' && v > 0));
    filled[field] = actual[field];
  }
  return filled;
}
