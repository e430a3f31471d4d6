import { expect } from 'chai';
import { ApiError } from '../envelope.js';
import { bool, int, list, objects, oneOf, parseParams, RequestParams, shanghaiDate, string } from './params.js';

/** The ApiError code a parse throws, or 'ok'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

const parse = <S extends Parameters<typeof parseParams>[0]>(specs: S, body: Record<string, unknown>) => parseParams(specs, new RequestParams(body));

describe('declared parameters', () => {
  it('match names case-insensitively and report them by their declared name', () => {
    expect(parse({ UserId: int().required() }, { userid: 7 })).to.deep.equal({ UserId: 7 });
    expect(() => parse({ UserId: int().required() }, {})).to.throw(ApiError, 'UserId');
  });

  it('read integers sent as numbers or numeric text, and refuse anything else', () => {
    expect(parse({ N: int() }, { N: '42' })).to.deep.equal({ N: 42 });
    expect(parse({ N: int() }, { N: ' -3 ' })).to.deep.equal({ N: -3 });
    for (const bad of ['4.5', 'x', '', 1.5, true, [1]]) expect(outcome(() => parse({ N: int() }, { N: bad })), String(bad)).to.equal('InvalidParameterValue');
  });

  it('answer a missing required parameter with MissingParameter, and count a blank text as missing', () => {
    expect(outcome(() => parse({ Name: string().required() }, {}))).to.equal('MissingParameter');
    expect(outcome(() => parse({ Name: string().required() }, { Name: null }))).to.equal('MissingParameter');
    expect(outcome(() => parse({ Name: string().required() }, { Name: '' }))).to.equal('MissingParameter');
    expect(parse({ Name: string() }, { Name: '' })).to.deep.equal({ Name: '' });
  });

  it('give an absent optional parameter its default, or undefined', () => {
    expect(parse({ A: bool().default(false), B: int() }, {})).to.deep.equal({ A: false, B: undefined });
  });

  it('read booleans as true/false, "true"/"false" or 1/0', () => {
    const values = [true, 'true', 1, false, 'false', 0].map((v) => parse({ B: bool() }, { B: v }).B);
    expect(values).to.deep.equal([true, true, true, false, false, false]);
    expect(outcome(() => parse({ B: bool() }, { B: 'yes' }))).to.equal('InvalidParameterValue');
  });

  it('accept only the listed values of an enumeration, exactly as spelled, and treat "" as not sent', () => {
    const spec = { T: oneOf(['ALL', 'DEFECT']).default('ALL') };
    expect(parse(spec, { T: 'DEFECT' })).to.deep.equal({ T: 'DEFECT' });
    expect(parse(spec, { T: '' })).to.deep.equal({ T: 'ALL' });
    expect(outcome(() => parse(spec, { T: 'defect' }))).to.equal('InvalidParameterValue');
  });

  it('read a list from a JSON array, comma-separated text or a lone number, checking every element', () => {
    const spec = { Ids: list(int()) };
    expect(parse(spec, { Ids: [1, '2'] }).Ids).to.deep.equal([1, 2]);
    expect(parse(spec, { Ids: '3, 4,' }).Ids).to.deep.equal([3, 4]);
    expect(parse(spec, { Ids: 5 }).Ids).to.deep.equal([5]);
    expect(outcome(() => parse(spec, { Ids: [1, 'x'] }))).to.equal('InvalidParameterValue');
    expect(outcome(() => parse(spec, { Ids: { a: 1 } }))).to.equal('InvalidParameterValue');
  });

  it('read objects from one object or an array of them (Conditions), refusing other elements', () => {
    expect(parse({ C: objects() }, { C: { Key: 'A' } }).C).to.deep.equal([{ Key: 'A' }]);
    expect(parse({ C: objects() }, { C: [{ Key: 'A' }, { Key: 'B' }] }).C).to.have.length(2);
    expect(outcome(() => parse({ C: objects() }, { C: ['A'] }))).to.equal('InvalidParameterValue');
  });

  it('read a Shanghai date as the span of its day', () => {
    const span = parse({ D: shanghaiDate() }, { D: '2024-06-01' }).D;
    expect(span).to.deep.equal({ from: Date.UTC(2024, 4, 31, 16), to: Date.UTC(2024, 5, 1, 16) - 1 });
    expect(parse({ D: shanghaiDate() }, { D: '' }).D).to.equal(undefined);
    expect(outcome(() => parse({ D: shanghaiDate() }, { D: '2024-02-30' }))).to.equal('InvalidParameterValue');
  });
});
