import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { parseConfiguredCatalog } from './catalog-input.js';

const entry = (name: string, syncMode: unknown, extra: Record<string, unknown> = {}) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: syncMode, destination_sync_mode: 'append', ...extra });

describe('parseConfiguredCatalog', () => {
  it('reads names, sync modes, cursors and the schema each stream is configured with', () => {
    const schema = { type: 'object', properties: { custom_field_7: { type: ['integer', 'null'] } } };
    const withSchema = entry('iterations', 'full_refresh');
    withSchema.stream.json_schema = schema;
    const selected = parseConfiguredCatalog({ streams: [entry('issues', 'incremental', { cursor_field: ['UpdatedAt'] }), withSchema, { ...entry('labels', 'full_refresh'), stream: { name: 'labels' } }] });
    expect(selected).to.deep.equal([
      { name: 'issues', syncMode: 'incremental', cursorField: ['UpdatedAt'], jsonSchema: {} },
      { name: 'iterations', syncMode: 'full_refresh', cursorField: undefined, jsonSchema: schema },
      { name: 'labels', syncMode: 'full_refresh', cursorField: undefined },
    ]);
  });

  it('accepts a catalog without cursor_field, as Meltano sends it', () => {
    expect(parseConfiguredCatalog({ streams: [entry('issues', 'incremental')] })[0]?.cursorField).to.equal(undefined);
  });

  it('rejects an invalid sync mode with a config error naming the stream', () => {
    expect(() => parseConfiguredCatalog({ streams: [entry('__AIRBYTE__stream_that_does_not_exist', 'INVALID')] })).to.throw(ConfigError, /__AIRBYTE__stream_that_does_not_exist.*INVALID/);
  });

  it('rejects catalogs that are not catalogs', () => {
    expect(() => parseConfiguredCatalog([])).to.throw(ConfigError, /ConfiguredAirbyteCatalog/);
    expect(() => parseConfiguredCatalog({ streams: [{ sync_mode: 'full_refresh' }] })).to.throw(ConfigError, /stream.name/);
    expect(() => parseConfiguredCatalog({ streams: [entry('a', 'full_refresh'), entry('a', 'full_refresh')] })).to.throw(ConfigError, /twice/);
  });

  it('names a sync mode of the wrong kind without serialising it, however deep or large', () => {
    let deep: unknown = 'incremental';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(() => parseConfiguredCatalog({ streams: [entry('issues', deep)] })).to.throw(ConfigError, /\("issues"\) has sync_mode an object; expected/);
    const huge = 'x'.repeat(1_000_000);
    expect(() => parseConfiguredCatalog({ streams: [entry('issues', huge)] })).to.throw(ConfigError, /sync_mode "x{60}"… \(1000000 characters\)/);
  });
});
