/**
 * Meltano runs this connector through MeltanoLabs' tap-airbyte wrapper, which reads the catalog its
 * own way: the first primary-key path only, the first cursor element only, a configured catalog with
 * destination_sync_mode "append" and no cursor_field, state passed back as the array of the last
 * per-stream STATE messages, and any TRACE error aborting the tap. These tests play the wrapper's part.
 */
import { expect } from 'chai';
import { isObject, type JsonObject } from '../src/json.js';
import { catalogOf, describeRun, discover, read, records, startHarness, states, traces, type Harness, type StateMessage, type StreamDef } from './support/harness.js';

interface SingerStream {
  name: string;
  keyProperties: string[];
  replicationKey: string | undefined;
  stream: StreamDef;
}

/** How the wrapper turns a discovered Airbyte stream into a Singer stream. */
function asSinger(stream: StreamDef): SingerStream {
  const cursor = stream.source_defined_cursor ? stream.default_cursor_field : undefined;
  return { name: stream.name, keyProperties: stream.source_defined_primary_key?.[0] ?? [], replicationKey: cursor?.[0], stream };
}

/** The configured catalog the wrapper writes: Singer INCREMENTAL where supported, append, no cursor_field. */
function wrapperCatalog(singer: SingerStream[]): JsonObject {
  return {
    streams: singer.map((s) => ({
      stream: s.stream,
      sync_mode: s.replicationKey && s.stream.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh',
      destination_sync_mode: 'append',
    })),
  };
}

/** The wrapper's airbyte_state: one {type, stream} entry per stream, replaced as new states arrive. */
function wrapperState(stateMessages: StateMessage[]): JsonObject[] {
  const byStream = new Map<string, JsonObject>();
  for (const state of stateMessages) {
    // The wrapper reads state["type"] unguarded: a state without it would crash Meltano.
    expect(state.type, 'STATE without type').to.equal('STREAM');
    byStream.set(state.stream.stream_descriptor.name, { type: state.type, stream: state.stream });
  }
  return [...byStream.values()];
}

describe('Meltano tap-airbyte wrapper compatibility', function () {
  this.timeout(60_000);
  let h: Harness;
  let singer: SingerStream[];

  before(async function () {
    h = await startHarness();
    singer = catalogOf(await discover(h.configPath)).map(asSinger);
  });

  after(async function () {
    await h?.close();
  });

  it('keeps the whole primary key and the whole cursor although it takes only the first path and element', function () {
    for (const { stream } of singer) {
      expect(stream.source_defined_primary_key, stream.name).to.deep.equal([['Key']]);
      if (stream.default_cursor_field) expect(stream.default_cursor_field, stream.name).to.have.length(1);
    }
    expect(singer.find((s) => s.name === 'issues')?.replicationKey).to.equal('UpdatedAt');
  });

  it('syncs with the wrapper\u2019s catalog, no TRACE error, keys that identify rows, then resumes from the wrapper\u2019s state', async function () {
    const catalog = wrapperCatalog(singer);
    const first = await read(h.configPath, catalog);
    expect(traces(first, 'ERROR'), describeRun(first)).to.deep.equal([]);
    expect(first.code).to.equal(0);
    const firstRecords = records(first);
    for (const { name } of singer) {
      const keys = firstRecords.filter((r) => r.stream === name).map((r) => r.data.Key);
      expect(keys, name).to.not.be.empty;
      expect(keys.every((k) => typeof k === 'string' && k !== ''), `${name}: every record has a Key`).to.equal(true);
      // Deduplicating on Key alone merges nothing that Coding keeps apart.
      expect(new Set(keys).size, `${name}: Key is unique within one sync`).to.equal(keys.length);
    }

    const stateInput = wrapperState(states(first));
    h.sim.control.updateIssue('platform', 1, { Name: 'Renamed between Meltano runs' });
    const second = await read(h.configPath, catalog, stateInput);
    expect(traces(second, 'ERROR'), describeRun(second)).to.deep.equal([]);
    const issues = records(second).filter((r) => r.stream === 'issues');
    expect(issues.map((r) => r.data.Key), 'the second run reads only what changed').to.deep.equal([`${h.sim.team}/platform/1`]);
    expect(isObject(issues[0]?.data) && issues[0]?.data.Name).to.equal('Renamed between Meltano runs');
  });
});
