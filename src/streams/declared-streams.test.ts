/**
 * The checks every declared stream gets the moment it is listed in STREAMS: its schema names the
 * fields its declaration relies on, its records validate against the schema discover emits (no
 * undeclared field at any depth) with keys unique across projects, and a stream that lists items
 * equals the simulator's own list of them, partition by partition.
 */
import { expect } from 'chai';
import { ApiError, startSimulator, type ActionName, type Simulator } from '@source-coding/coding-simulator';
import type { Item } from '../coding/paging.js';
import { cursorFieldOf } from '../engine/discover.js';
import { streamSchema } from '../engine/schemas.js';
import { isObject, type JsonObject } from '../json.js';
import type { AirbyteStream } from '../protocol/messages.js';
import { discoverInProcess, simulatorClient, syncInProcess, type SyncRun } from '../test-support/in-process-sync.js';
import { RecordSchemas } from '../test-support/record-schemas.js';
import { testRunContext } from '../test-support/run-context.js';
import { STREAMS } from './index.js';

describe('every declared stream', () => {
  let sim: Simulator;
  let catalog: AirbyteStream[];
  let run: SyncRun;
  let schemas: RecordSchemas;

  before(async function () {
    this.timeout(60_000);
    sim = await startSimulator({ seed: 5, dataset: { projects: 2, issuesPerProject: 40, iterationsPerProject: 4, membersPerProject: 5 } });
    catalog = await discoverInProcess(sim);
    schemas = new RecordSchemas(catalog);
    run = await syncInProcess(sim, Object.fromEntries(STREAMS.map((s) => [s.name, 'full_refresh'])));
  });
  after(() => sim.close());

  it('are all read by a full refresh without an error', () => {
    expect(run.failed, run.errors.join('\n')).to.deep.equal([]);
  });

  for (const stream of STREAMS) {
    describe(stream.name, () => {
      const properties = streamSchema(stream.schemaFile).properties as JsonObject;
      const required = (streamSchema(stream.schemaFile).required ?? []) as string[];

      it('has Key, TeamName and (for project streams) ProjectName in its schema, required', () => {
        const own = stream.partitions === 'team' ? ['Key', 'TeamName'] : ['Key', 'TeamName', 'ProjectName'];
        expect(properties).to.include.keys(own);
        expect(required).to.include.members(own);
        expect(properties.Key).to.deep.include({ type: 'string' });
      });

      it('has its id, key and cursor fields in its schema', () => {
        // A stream that can be read incrementally (in either mode) names the field that orders versions.
        const incremental = stream.cursor !== undefined || stream.children !== undefined || stream.webhook !== undefined;
        const fields = [stream.idField, ...(stream.keyFields ?? []), ...(incremental ? [cursorFieldOf(stream)] : [])];
        expect(properties).to.include.keys(fields);
        expect(required).to.include.members([stream.idField, ...(stream.keyFields ?? [])]);
        const discovered = catalog.find((s) => s.name === stream.name);
        for (const cursor of discovered?.default_cursor_field ?? []) expect(discovered?.json_schema.properties).to.have.property(cursor);
      });

      it('emits records that validate against the discovered schema, keys unique, none undeclared', () => {
        const records = run.records.get(stream.name) ?? [];
        expect(records, 'the seeded simulator has data for every stream').to.not.be.empty;
        const problems = records.flatMap((r) => schemas.problems(stream.name, r).map((p) => `${String(r.Key)}: ${p}`));
        expect(problems.slice(0, 5)).to.deep.equal([]);
        expect(new Set(records.map((r) => r.Key)).size).to.equal(records.length);
        if (stream.partitions !== 'team') expect(records.every((r) => String(r.Key).startsWith(`${sim.team}/${String(r.ProjectName)}/`))).to.equal(true);
      });

      const list = stream.list;
      if (list && !stream.cursor) {
        it('equals the simulator’s list, partition by partition', async () => {
          const ctx = testRunContext(simulatorClient(sim), { team_name: sim.team, api_url: sim.apiUrl });
          const expected: Item[] = [];
          // The stream's own shaping (a sensitive CI value nulled, say) applies to what it emits.
          const shape = stream.prepare ? await stream.prepare(ctx) : (record: Item) => record;
          for await (const partition of ctx.partitions.of(ctx, stream)) {
            let items: Item[];
            try {
              items = sim.list(list.action as ActionName, list.params(partition)) as unknown as Item[];
            } catch (error) {
              // A partition Coding will not list (a depot the token may not read) is skipped by the stream too.
              if (error instanceof ApiError && partition.parent !== undefined) continue;
              throw error;
            }
            for (const item of items) {
              const key = [sim.team, ...(partition.project ? [partition.key] : []), String(item[stream.idField])].join('/');
              const fields = { ...stream.extraFields?.(partition), ...item };
              expected.push(shape({ Key: key, TeamName: sim.team, ...(partition.project ? { ProjectName: partition.project.name } : {}), ...fields }));
            }
          }
          const byKey = (records: readonly Item[]) => [...records].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));
          expect(byKey(run.records.get(stream.name) ?? [])).to.deep.equal(byKey(expected.filter((e) => !stream.include || stream.include(e, ctx.settings))));
        });
      }
    });
  }

  it('covers the issue workflow: the ten streams of issue 9 are declared', () => {
    const names = STREAMS.map((s) => s.name);
    expect(names).to.include.members(['issue_comments', 'issue_work_logs', 'issue_status_changes', 'issue_blockers', 'issue_types', 'issue_fields', 'issue_statuses', 'labels', 'modules', 'team_members']);
    for (const name of ['issue_comments', 'issue_work_logs', 'issue_status_changes', 'issue_blockers']) {
      expect(catalog.find((s) => s.name === name)?.supported_sync_modes, name).to.deep.equal(['full_refresh', 'incremental']);
    }
    expect(isObject(catalog.find((s) => s.name === 'issue_blockers')?.json_schema.properties)).to.equal(true);
  });
});
