import { expect } from 'chai';
import { LineCounter } from './line-counter.js';

/** Feeds the text cut at every given offset, so boundaries fall inside prefixes and lines. */
function feed(counter: { push(chunk: Buffer): void }, text: string, cuts: number[]): void {
  const bytes = Buffer.from(text);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    counter.push(bytes.subarray(from, cut));
    from = cut;
  }
}

const output = ['{"type":"RECORD","record":{}}', '{"type":"STATE"}', '{"type":"RECORD","record":{}}', '{"type":"REC', ''].join('\n');

describe('the benchmark line counter', () => {
  it('counts lines and the lines that start with the prefix in one chunk', () => {
    const counter = new LineCounter('{"type":"RECORD"');
    counter.push(Buffer.from(output));
    counter.finish();
    expect([counter.lines, counter.matching, counter.bytes]).to.deep.equal([4, 2, Buffer.byteLength(output)]);
  });

  it('gives the same counts wherever chunk boundaries fall', () => {
    for (let cut = 1; cut < output.length; cut++) {
      for (const second of [cut + 1, cut + 7, cut + 20]) {
        const counter = new LineCounter('{"type":"RECORD"');
        feed(counter, output, second < output.length ? [cut, second] : [cut]);
        counter.finish();
        expect([counter.lines, counter.matching], `cut at ${cut}, ${second}`).to.deep.equal([4, 2]);
      }
    }
  });

  it('counts a last line without a newline once finished, and no empty line', () => {
    const counter = new LineCounter('x');
    counter.push(Buffer.from('x1\nx2'));
    counter.finish();
    counter.finish();
    expect([counter.lines, counter.matching]).to.deep.equal([2, 2]);
  });

  it('does not take a line shorter than the prefix for a match', () => {
    const counter = new LineCounter('{"type":"RECORD"');
    counter.push(Buffer.from('{"type"\n'));
    expect([counter.lines, counter.matching]).to.deep.equal([1, 0]);
  });
});
