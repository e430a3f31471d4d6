import { expect } from 'chai';
import { codesWithHoles, seededRandom, shuffled } from '../../test-support/seeded-random.js';
import { CodeSet, decodeRuns, encodeRuns } from './code-set.js';

const sorted = (codes: Iterable<number>) => [...codes].sort((a, b) => a - b);
const expand = (set: CodeSet) => set.runs().flatMap(([start, end]) => Array.from({ length: end - start + 1 }, (_, i) => start + i));

describe('CodeSet (the codes a project has, as runs)', () => {
  it('keeps codes added in any order as sorted runs, each code once', () => {
    const set = CodeSet.of([7, 3, 4, 5, 12, 3, 11, 1, 6]);
    expect(set.runs()).to.deep.equal([[1, 1], [3, 7], [11, 12]]);
    expect(set.size).to.equal(8);
  });

  it('equals the sorted list of the codes, whatever the order they were added in (seeded)', () => {
    const random = seededRandom(7);
    const codes = codesWithHoles(20_000, 0.05, random);
    const set = CodeSet.empty();
    for (const code of shuffled(codes, random)) set.add(code);
    expect(expand(set)).to.deep.equal(codes);
    expect(set.size).to.equal(codes.length);
  });

  it('answers membership, and whether any code lies strictly between two others', () => {
    const set = CodeSet.fromRuns([[1, 3], [10, 10], [20, 25]]);
    expect([0, 1, 3, 4, 10, 19, 25, 26].map((c) => set.has(c))).to.deep.equal([false, true, true, false, true, false, true, false]);
    expect(set.hasBetween(3, 10)).to.equal(false);
    expect(set.hasBetween(3, 11)).to.equal(true);
    expect(set.hasBetween(10, 20)).to.equal(false);
    expect(set.hasBetween(21, 23)).to.equal(true);
    expect(set.hasBetween(25, Number.POSITIVE_INFINITY)).to.equal(false);
    expect(set.hasBetween(-1, 1)).to.equal(false);
    expect(set.hasBetween(-1, 2)).to.equal(true);
  });

  it('lists the codes another set lacks, and removes codes', () => {
    const known = CodeSet.fromRuns([[1, 10], [15, 20]]);
    const listed = CodeSet.of([1, 2, 4, 5, 6, 7, 9, 15, 16, 17, 18, 19, 20, 30]);
    expect(known.missingFrom(listed)).to.deep.equal([3, 8, 10]);
    expect(known.without([3, 8, 10, 99]).runs()).to.deep.equal([[1, 2], [4, 7], [9, 9], [15, 20]]);
    expect(known.union(listed).runs()).to.deep.equal([[1, 10], [15, 20], [30, 30]]);
    expect(known.size, 'the operations leave the set itself unchanged').to.equal(16);
  });

  it('matches a plain Set under random additions, removals and unions (seeded)', () => {
    const random = seededRandom(11);
    const codes = () => Array.from({ length: 300 }, () => Math.floor(random() * 500));
    for (let round = 0; round < 20; round++) {
      const a = codes();
      const b = codes();
      const removed = codes().slice(0, 50);
      const result = CodeSet.of(a).union(CodeSet.of(b)).without(removed);
      const expected = new Set([...a, ...b]);
      for (const code of removed) expected.delete(code);
      expect(expand(result)).to.deep.equal(sorted(expected));
      expect(CodeSet.of(a).missingFrom(CodeSet.of(b))).to.deep.equal(sorted(new Set(a.filter((c) => !b.includes(c)))));
    }
  });

  it('refuses what is not a code', () => {
    expect(() => CodeSet.empty().add(-1)).to.throw(RangeError);
    expect(() => CodeSet.empty().add(1.5)).to.throw(RangeError);
    expect(() => CodeSet.fromRuns([[5, 3]])).to.throw(RangeError);
    expect(() => CodeSet.fromRuns([[1, 5], [4, 8]])).to.throw(RangeError);
  });
});

describe('the compact form of a code set in the state', () => {
  it('round-trips sets of every shape (seeded)', () => {
    const random = seededRandom(3);
    const shapes = [[], [0], [1], [Number.MAX_SAFE_INTEGER], [0, 2, 4, 6], codesWithHoles(5000, 0.5, random), codesWithHoles(5000, 0.01, random), [1, 2, 3, 1_000_000_000, 1_000_000_001]];
    for (const codes of shapes) {
      const set = CodeSet.of(codes);
      const text = set.encode();
      expect(text).to.match(/^[A-Za-z0-9_-]*$/);
      expect(expand(CodeSet.decode(text)), `${codes.length} codes`).to.deep.equal(codes);
    }
  });

  it('writes the first code, each run’s length less one and each gap less two as LEB128 varints', () => {
    expect(encodeRuns([1, 5000, 5002, 9000])).to.equal(Buffer.from([1, 0x87, 0x27, 0, 0x9e, 0x1f]).toString('base64url'));
    expect(decodeRuns(encodeRuns([1, 5000, 5002, 9000]))).to.deep.equal([1, 5000, 5002, 9000]);
  });

  it('holds 100,000 codes with 1 % deleted at random in under 4 KB, a quarter of JSON pairs (seeded)', () => {
    const codes = codesWithHoles(100_000, 0.01, seededRandom(42));
    const set = CodeSet.of(codes);
    const encodedBytes = Buffer.byteLength(JSON.stringify(set.encode()));
    const pairsBytes = Buffer.byteLength(JSON.stringify(set.runs()));
    expect(encodedBytes).to.be.below(4096);
    expect(encodedBytes).to.be.below(pairsBytes / 4);
  });

  it('rejects damaged text with the reason', () => {
    expect(() => decodeRuns('a b')).to.throw(RangeError, /base64url/);
    expect(() => decodeRuns(Buffer.from([1]).toString('base64url'))).to.throw(RangeError, /middle of a run/);
    expect(() => decodeRuns(Buffer.from([1, 0x80]).toString('base64url'))).to.throw(RangeError, /middle of a number/);
    expect(() => decodeRuns(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0]).toString('base64url'))).to.throw(RangeError, /safe integers/);
  });
});
