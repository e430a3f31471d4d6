import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { commits } from '../streams/commits.js';
import { issueComments } from '../streams/issue-comments.js';
import { issues } from '../streams/issues.js';
import { StreamState } from './stream-state.js';
import { CodeSet } from './sweep/code-set.js';

describe('StreamState (the one owner of a stream state’s layout)', () => {
  it('reads and writes one position per project with the stream’s own field names', () => {
    const state = StreamState.parse(issues, { projects: { a: { UpdatedAt: 5, Codes: [1, 2] } } });
    expect(state.position('a')).to.deep.equal({ value: 5, ids: [1, 2] });
    state.setPosition('b', { value: 7, ids: [3] });
    expect(state.toJSON()).to.deep.equal({ projects: { a: { UpdatedAt: 5, Codes: [1, 2] }, b: { UpdatedAt: 7, Codes: [3] } } });
  });

  it('reads states written before this layout had an owner (the layout did not change)', () => {
    const saved = { projects: { platform: { UpdatedAt: 1717171200000, Codes: [] }, 'mobile-app': { UpdatedAt: 1717171200000, Codes: [4] } } };
    expect(StreamState.parse(issues, saved).toJSON()).to.deep.equal(saved);
  });

  it('uses a top-level cursor for projects without their own', () => {
    const state = StreamState.parse(issues, { UpdatedAt: 9, projects: { a: { UpdatedAt: 5 } } });
    expect(state.position('a')).to.deep.equal({ value: 5, ids: [] });
    expect(state.position('other')).to.deep.equal({ value: 9, ids: [] });
  });

  it('keeps the webhook offset beside the positions, and drops keys nobody owns', () => {
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 5000; i++) node = (node.next = {}) as Record<string, unknown>;
    const state = StreamState.parse(issues, { webhook: { store: 's', offset: '7', snapshotComplete: true }, junk: deep, projects: { a: { UpdatedAt: 1 } } });
    expect(state.toJSON()).to.deep.equal({ projects: { a: { UpdatedAt: 1, Codes: [] } }, webhook: { store: 's', offset: '7', snapshotComplete: true } });
    expect(() => JSON.stringify(state.toJSON())).not.to.throw();
  });

  it('writes only the webhook offset once a webhook reader has no positions to keep', () => {
    const state = StreamState.empty(issues);
    state.webhook = { store: 's', offset: null, snapshotComplete: true };
    expect(state.toJSON()).to.deep.equal({ webhook: { store: 's', offset: null, snapshotComplete: true } });
  });

  it('rejects malformed positions as config errors naming the stream and the project', () => {
    expect(() => StreamState.parse(issues, { projects: { a: { UpdatedAt: 'soon' } } })).to.throw(ConfigError, /"issues".*"a".*numeric "UpdatedAt"/);
    expect(() => StreamState.parse(issues, { projects: [] })).to.throw(ConfigError, /"projects" must be an object/);
    expect(() => StreamState.parse(issues, { projects: { a: { UpdatedAt: 1, Codes: [{}] } } })).to.throw(ConfigError, /Codes/);
  });

  for (const impossible of [1e20, 8640000000000001, 1e308, -1, 1.5]) {
    it(`rejects the impossible cursor ${impossible} instead of silently reading nothing ever after`, () => {
      expect(() => StreamState.parse(issues, { projects: { platform: { UpdatedAt: impossible } } })).to.throw(ConfigError, /"issues".*"platform".*no point in time/);
    });
  }

  it('keeps, per depot, the depot’s mark under the parent field’s name (commits: LastPushAt)', () => {
    const saved = { depots: { 'platform/11': { CommitDate: 5, Shas: ['9f'], LastPushAt: 5 }, 'platform/12': { CommitDate: 0, Shas: [] } } };
    const state = StreamState.parse(commits, saved);
    expect(state.position('platform/11')).to.deep.equal({ value: 5, ids: ['9f'], mark: 5 });
    state.setPosition('platform/12', { value: 0, ids: [], mark: 0 });
    expect(state.toJSON()).to.deep.equal({ depots: { 'platform/11': saved.depots['platform/11'], 'platform/12': { CommitDate: 0, Shas: [], LastPushAt: 0 } } });
    expect(() => StreamState.parse(commits, { depots: { 'platform/11': { CommitDate: 5, LastPushAt: 'yesterday' } } })).to.throw(ConfigError, /"commits".*LastPushAt/);
  });

  it('accepts a far-future cursor (Airbyte’s abnormal-state test): it is a point in time', () => {
    expect(StreamState.parse(issues, { UpdatedAt: 7258118400000 }).position('x')).to.deep.equal({ value: 7258118400000, ids: [] });
  });

  describe('the deletion sweep’s section', () => {
    const positions = { projects: { a: { UpdatedAt: 5, Codes: [] } } };

    it('is absent unless a sweep entry was set, so a connection that never sweeps keeps today’s layout', () => {
      const state = StreamState.parse(issues, positions);
      state.setPosition('b', { value: 7, ids: [3] });
      expect(Object.keys(state.toJSON())).to.deep.equal(['projects']);
    });

    it('writes each project’s set as its time, its count and its codes in compact form, and reads them back', () => {
      const state = StreamState.parse(issues, positions);
      state.setSweep('b', { at: 2, codes: CodeSet.of([1, 2, 3, 7]) });
      state.setSweep('a', { at: 1, codes: CodeSet.fromRuns([[1, 5000], [5002, 9000]]) });
      const json = state.toJSON();
      expect(json.sweep).to.deep.equal({ a: { at: 1, count: 8999, codes: 'AYcnAJ4f' }, b: { at: 2, count: 4, codes: 'AQICAA' } });
      const again = StreamState.parse(issues, JSON.parse(JSON.stringify(json)) as typeof json);
      expect(again.sweep('a')?.codes.runs()).to.deep.equal([[1, 5000], [5002, 9000]]);
      expect(again.sweep('b')?.at).to.equal(2);
      expect(again.toJSON()).to.deep.equal(json);
    });

    it('drops the entries of partitions no longer read, all entries on request, and with the positions', () => {
      const state = StreamState.parse(issues, { ...positions, sweep: { a: { at: 1, count: 1, codes: 'AQA' }, gone: { at: 1, count: 1, codes: 'AQA' } } });
      state.keepSweepsOf(['a', 'new']);
      expect(Object.keys(state.toJSON().sweep as object)).to.deep.equal(['a']);
      state.clearSweeps();
      expect(state.toJSON().sweep).to.equal(undefined);
      state.setSweep('a', { at: 1, codes: CodeSet.of([1]) });
      state.clearPositions();
      expect(state.toJSON()).to.deep.equal({ projects: {} });
    });

    it('rejects a damaged entry as a config error that says how to recover', () => {
      const parse = (sweep: unknown) => () => StreamState.parse(issues, { ...positions, sweep } as never);
      expect(parse([])).to.throw(ConfigError, /"sweep" must be an object/);
      expect(parse({ a: { at: 'x', count: 1, codes: 'AQA' } })).to.throw(ConfigError, /"issues".*"a".*"at"/);
      expect(parse({ a: { at: 1, count: 1, codes: 'A Q' } })).to.throw(ConfigError, /unreadable "codes".*remove the "sweep" entry/);
      expect(parse({ a: { at: 1, count: 2, codes: 'AQA' } })).to.throw(ConfigError, /holds 1 codes where "count" says 2/);
    });
  });

  it('keeps a child stream’s positions on its parent’s listing, with ChildrenSince only while a scan is under way', () => {
    const saved = { projects: { a: { UpdatedAt: 5, Codes: [1], ChildrenSince: 0 }, b: { UpdatedAt: 9, Codes: [] } } };
    const state = StreamState.parse(issueComments, saved);
    expect(state.position('a')).to.deep.equal({ value: 5, ids: [1], since: 0 });
    expect(state.position('b')).to.deep.equal({ value: 9, ids: [] });
    expect(state.toJSON()).to.deep.equal(saved);
    state.setPosition('a', { value: 6, ids: [2] });
    expect(state.toJSON()).to.deep.equal({ projects: { a: { UpdatedAt: 6, Codes: [2] }, b: { UpdatedAt: 9, Codes: [] } } });
    // The parent's own state has no such key: it is dropped there, like any key nobody owns.
    expect(StreamState.parse(issues, saved).toJSON()).to.deep.equal({ projects: { a: { UpdatedAt: 5, Codes: [1] }, b: { UpdatedAt: 9, Codes: [] } } });
  });

  it('rejects a ChildrenSince that is no point in time, without quoting what it holds', () => {
    expect(() => StreamState.parse(issueComments, { projects: { a: { UpdatedAt: 5, ChildrenSince: -2 } } })).to.throw(ConfigError, /"issue_comments".*"a".*ChildrenSince.*-2/);
    expect(() => StreamState.parse(issueComments, { projects: { a: { UpdatedAt: 5, ChildrenSince: { deep: 'x'.repeat(50) } } } })).to.throw(ConfigError, /ChildrenSince" a value of type object/);
  });
});
