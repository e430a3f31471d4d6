/**
 * A set of issue codes (non-negative integers), kept as sorted runs of consecutive codes. A project's
 * codes grow one by one and few are ever deleted, so 100,000 codes are a thousand runs or so, where a
 * JavaScript Set would hold 100,000 numbers and a list of them would make the state megabytes long.
 *
 * Codes added one at a time (as a cursor scan emits them, in update order) are buffered and merged
 * in sorted batches, so that building a set of n codes costs O(n log n), not O(n × runs).
 */
export class CodeSet {
  /** [start0, end0, start1, end1, ...]: sorted, inclusive, neither overlapping nor adjacent. */
  private runList: Float64Array;
  private pending: number[] = [];
  private total: number;
  private encoded: string | undefined;

  private constructor(runList: Float64Array) {
    this.runList = runList;
    this.total = countOf(runList);
  }

  static empty(): CodeSet {
    return new CodeSet(new Float64Array(0));
  }

  static of(codes: Iterable<number>): CodeSet {
    const set = CodeSet.empty();
    set.addAll(codes);
    return set;
  }

  /** From sorted, disjoint runs as `[first, last]` pairs (adjacent runs are joined). */
  static fromRuns(runs: ReadonlyArray<readonly [number, number]>): CodeSet {
    const list: number[] = [];
    for (const [start, end] of runs) {
      if (!isCode(start) || !isCode(end) || end < start) throw new RangeError(`[${start}, ${end}] is not a run of codes`);
      const last = list.length - 1;
      const previousEnd = list[last];
      if (previousEnd !== undefined && start <= previousEnd) throw new RangeError('runs must be sorted and must not overlap');
      if (previousEnd !== undefined && start === previousEnd + 1) list[last] = end;
      else list.push(start, end);
    }
    return new CodeSet(Float64Array.from(list));
  }

  add(code: number): void {
    if (!isCode(code)) throw new RangeError(`${String(code)} is not a code (a non-negative safe integer)`);
    this.pending.push(code);
    this.encoded = undefined;
    // Bounds the buffer during a long scan; each flush is one sort of the batch and one linear merge.
    if (this.pending.length >= 4096) this.flush();
  }

  addAll(codes: Iterable<number>): void {
    for (const code of codes) this.add(code);
  }

  get size(): number {
    this.flush();
    return this.total;
  }

  has(code: number): boolean {
    this.flush();
    const index = this.runAtOrAfter(code);
    return index < this.runList.length && (this.runList[index] as number) <= code;
  }

  /** Whether a code c with low < c < high is in the set. */
  hasBetween(low: number, high: number): boolean {
    this.flush();
    const index = this.runAtOrAfter(low + 1);
    if (index >= this.runList.length) return false;
    const start = this.runList[index] as number;
    return Math.max(start, low + 1) < high;
  }

  /** The runs, as `[first, last]` pairs in ascending order. */
  runs(): Array<[number, number]> {
    this.flush();
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < this.runList.length; i += 2) pairs.push([this.runList[i] as number, this.runList[i + 1] as number]);
    return pairs;
  }

  clone(): CodeSet {
    this.flush();
    const copy = new CodeSet(this.runList.slice());
    copy.encoded = this.encoded;
    return copy;
  }

  union(other: CodeSet): CodeSet {
    this.flush();
    other.flush();
    return new CodeSet(mergeRuns(this.runList, other.runList));
  }

  /** The codes of this set that `other` lacks, ascending. */
  missingFrom(other: CodeSet): number[] {
    this.flush();
    other.flush();
    const missing: number[] = [];
    let j = 0;
    for (let i = 0; i < this.runList.length; i += 2) {
      let code = this.runList[i] as number;
      const end = this.runList[i + 1] as number;
      while (code <= end) {
        while (j < other.runList.length && (other.runList[j + 1] as number) < code) j += 2;
        const otherStart = j < other.runList.length ? (other.runList[j] as number) : Number.POSITIVE_INFINITY;
        if (code < otherStart) {
          const stop = Math.min(end, otherStart - 1);
          for (let c = code; c <= stop; c++) missing.push(c);
          code = stop + 1;
        } else {
          code = (other.runList[j + 1] as number) + 1;
        }
      }
    }
    return missing;
  }

  /** This set without the given codes. */
  without(codes: Iterable<number>): CodeSet {
    const removed = CodeSet.of(codes);
    if (removed.size === 0) return this.clone();
    const kept: number[] = [];
    // Runs of what is kept are the gaps that the removed codes cut into this set's runs.
    for (const [start, end] of this.runs()) {
      let from = start;
      for (const [cutStart, cutEnd] of removed.runsWithin(start, end)) {
        if (cutStart > from) kept.push(from, cutStart - 1);
        from = cutEnd + 1;
      }
      if (from <= end) kept.push(from, end);
    }
    return new CodeSet(Float64Array.from(kept));
  }

  /** The set in the state's compact text form (see encodeRuns); cached until the set changes. */
  encode(): string {
    this.flush();
    this.encoded ??= encodeRuns(this.runList);
    return this.encoded;
  }

  static decode(text: string): CodeSet {
    const set = new CodeSet(Float64Array.from(decodeRuns(text)));
    set.encoded = text;
    return set;
  }

  private runsWithin(low: number, high: number): Array<[number, number]> {
    this.flush();
    const found: Array<[number, number]> = [];
    for (let i = this.runAtOrAfter(low); i < this.runList.length && (this.runList[i] as number) <= high; i += 2) {
      found.push([Math.max(low, this.runList[i] as number), Math.min(high, this.runList[i + 1] as number)]);
    }
    return found;
  }

  /** Index (even) of the first run whose end is >= code; runList.length when there is none. */
  private runAtOrAfter(code: number): number {
    let low = 0;
    let high = this.runList.length / 2;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.runList[mid * 2 + 1] as number) < code) low = mid + 1;
      else high = mid;
    }
    return low * 2;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const sorted = this.pending.sort((a, b) => a - b);
    this.pending = [];
    const added: number[] = [];
    for (const code of sorted) {
      const last = added.length - 1;
      if (last >= 0 && code <= (added[last] as number) + 1) added[last] = Math.max(added[last] as number, code);
      else added.push(code, code);
    }
    this.runList = mergeRuns(this.runList, Float64Array.from(added));
    this.total = countOf(this.runList);
  }
}

function isCode(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function countOf(runList: Float64Array): number {
  let count = 0;
  for (let i = 0; i < runList.length; i += 2) count += (runList[i + 1] as number) - (runList[i] as number) + 1;
  return count;
}

/** Merges two normalised run lists into one (overlapping and adjacent runs joined). */
function mergeRuns(a: Float64Array, b: Float64Array): Float64Array {
  const merged = new Float64Array(a.length + b.length);
  let length = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number));
    const source = takeA ? a : b;
    const index = takeA ? i : j;
    const start = source[index] as number;
    const end = source[index + 1] as number;
    if (takeA) i += 2;
    else j += 2;
    if (length > 0 && start <= (merged[length - 1] as number) + 1) merged[length - 1] = Math.max(merged[length - 1] as number, end);
    else {
      merged[length] = start;
      merged[length + 1] = end;
      length += 2;
    }
  }
  return merged.slice(0, length);
}

/**
 * The compact form of a set of codes kept in the state: the runs as a sequence of unsigned integers —
 * the first code, then for each run its length minus one, and before every further run the gap from
 * the previous one minus two (runs are never adjacent, so every number starts at 0) — each written as
 * an unsigned LEB128 varint (7 bits a byte), the bytes in base64url. Lengths and gaps are small
 * numbers, mostly one byte each: 100,000 codes with 1 % of them deleted at random take about 3 KB,
 * where JSON pairs [[1,5000],[5002,9000],...] take about 14 KB.
 */
export function encodeRuns(runList: ArrayLike<number>): string {
  // A safe integer takes at most 8 varint bytes.
  const bytes = Buffer.allocUnsafe(runList.length * 8);
  let length = 0;
  for (let i = 0; i < runList.length; i += 2) {
    const start = runList[i] as number;
    const end = runList[i + 1] as number;
    length = writeVarint(bytes, length, i === 0 ? start : start - (runList[i - 1] as number) - 2);
    length = writeVarint(bytes, length, end - start);
  }
  return bytes.toString('base64url', 0, length);
}

/** Reads encodeRuns' form back; throws a RangeError saying what is wrong with a damaged text. */
export function decodeRuns(text: string): number[] {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new RangeError('it holds characters that are not base64url');
  const bytes = Buffer.from(text, 'base64url');
  const runList: number[] = [];
  let offset = 0;
  let previousEnd = -2;
  while (offset < bytes.length) {
    const [startDelta, afterStart] = readVarint(bytes, offset);
    if (afterStart >= bytes.length) throw new RangeError('it ends in the middle of a run');
    const [length, afterLength] = readVarint(bytes, afterStart);
    offset = afterLength;
    const start = runList.length === 0 ? startDelta : previousEnd + 2 + startDelta;
    const end = start + length;
    if (!Number.isSafeInteger(end)) throw new RangeError('it holds a code beyond the safe integers');
    runList.push(start, end);
    previousEnd = end;
  }
  return runList;
}

function writeVarint(bytes: Uint8Array, offset: number, value: number): number {
  let rest = value;
  let at = offset;
  while (rest >= 0x80) {
    bytes[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  bytes[at++] = rest;
  return at;
}

function readVarint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let index = offset; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    value += (byte & 0x7f) * scale;
    if (!Number.isSafeInteger(value)) throw new RangeError('it holds a number beyond the safe integers');
    if ((byte & 0x80) === 0) return [value, index + 1];
    scale *= 0x80;
  }
  throw new RangeError('it ends in the middle of a number');
}
