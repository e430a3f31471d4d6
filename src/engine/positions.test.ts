import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { issues } from '../streams/issues.js';
import { PositionBook } from './positions.js';

describe('PositionBook (the state of a cursor stream)', () => {
  it('reads and writes one position per project with the stream’s own field names', () => {
    const book = new PositionBook(issues, { projects: { a: { UpdatedAt: 5, Codes: [1, 2] } } });
    expect(book.get('a')).to.deep.equal({ value: 5, ids: [1, 2] });
    book.set('b', { value: 7, ids: [3] });
    expect(book.toState()).to.deep.equal({ projects: { a: { UpdatedAt: 5, Codes: [1, 2] }, b: { UpdatedAt: 7, Codes: [3] } } });
  });

  it('uses a top-level cursor for projects without their own', () => {
    const book = new PositionBook(issues, { UpdatedAt: 9, projects: { a: { UpdatedAt: 5 } } });
    expect(book.get('a')).to.deep.equal({ value: 5, ids: [] });
    expect(book.get('other')).to.deep.equal({ value: 9, ids: [] });
  });

  it('carries keys it does not own through untouched', () => {
    const book = new PositionBook(issues, { webhook: { offset: '7' } });
    expect(book.toState()).to.deep.equal({ webhook: { offset: '7' }, projects: {} });
  });

  it('rejects malformed positions as config errors', () => {
    expect(() => new PositionBook(issues, { projects: { a: { UpdatedAt: 'soon' } } })).to.throw(ConfigError, /project "a".*numeric "UpdatedAt"/);
    expect(() => new PositionBook(issues, { projects: [] })).to.throw(ConfigError, /"projects" must be an object/);
    expect(() => new PositionBook(issues, { projects: { a: { UpdatedAt: 1, Codes: ['x'] } } })).to.throw(ConfigError, /Codes/);
  });
});
