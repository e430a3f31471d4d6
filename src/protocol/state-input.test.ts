import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { parseState } from './state-input.js';

const streamState = (name: string, state: unknown) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: state } });

describe('parseState', () => {
  it('reads the array of per-stream STATE messages that Airbyte passes', () => {
    const states = parseState([streamState('issues', { projects: {} }), streamState('iterations', { a: 1 })]);
    expect([...states.keys()]).to.deep.equal(['issues', 'iterations']);
    expect(states.get('iterations')).to.deep.equal({ a: 1 });
  });

  it('treats an empty file, null, {} and [] as no state', () => {
    for (const empty of [undefined, null, {}, []]) expect(parseState(empty).size).to.equal(0);
  });

  it('accepts a single STATE message object', () => {
    expect(parseState(streamState('issues', { x: 1 })).get('issues')).to.deep.equal({ x: 1 });
  });

  it('accepts legacy blobs, wrapped in data or bare', () => {
    expect(parseState({ data: { issues: { x: 1 } } }).get('issues')).to.deep.equal({ x: 1 });
    expect(parseState({ issues: { x: 2 } }).get('issues')).to.deep.equal({ x: 2 });
    expect(parseState([{ type: 'LEGACY', data: { issues: { x: 3 } } }]).get('issues')).to.deep.equal({ x: 3 });
  });

  it('rejects a legacy blob whose data is not a map of stream states, saying so', () => {
    for (const data of ['text', 5, [1]]) expect(() => parseState({ data }), String(data)).to.throw(ConfigError, /"data" of a legacy state must be a JSON object/);
    expect(parseState({ data: null }).size).to.equal(0);
  });

  it('unpacks GLOBAL states into their stream states', () => {
    const states = parseState([{ type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: 'issues' }, stream_state: { y: 1 } }] } }]);
    expect(states.get('issues')).to.deep.equal({ y: 1 });
  });

  it('drops a stream whose state is null, which is how a reset is asked for', () => {
    expect(parseState([streamState('issues', { x: 1 }), streamState('issues', null)]).has('issues')).to.equal(false);
  });

  it('rejects malformed entries with a config error that says which one', () => {
    expect(() => parseState([{ foo: 1 }])).to.throw(ConfigError, /entry #1/);
    expect(() => parseState([streamState('issues', { ok: 1 }), { type: 'STREAM', stream: {} }])).to.throw(ConfigError, /#2.*stream_descriptor/);
    expect(() => parseState([streamState('issues', 'text')])).to.throw(ConfigError, /must be a JSON object/);
    expect(() => parseState('text')).to.throw(ConfigError);
    expect(() => parseState({ issues: 5 })).to.throw(ConfigError, /issues/);
  });
});
