import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { merge } from './merge.js';

async function* source(name: string, count: number, delayMs: number, track: { open: number; max: number }): AsyncGenerator<string> {
  track.open += 1;
  track.max = Math.max(track.max, track.open);
  try {
    for (let i = 0; i < count; i++) {
      await sleep(delayMs);
      yield `${name}${i}`;
    }
  } finally {
    track.open -= 1;
  }
}

async function* sources<T>(list: Array<() => AsyncIterable<T>>): AsyncGenerator<AsyncIterable<T>> {
  for (const make of list) yield make();
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('merge: partitions read side by side', () => {
  it('yields every value of every source, each source in its own order', async () => {
    const track = { open: 0, max: 0 };
    const values = await collect(merge(sources([() => source('a', 5, 3, track), () => source('b', 3, 1, track), () => source('c', 4, 2, track)]), 2));
    expect(values).to.have.length(12);
    for (const name of ['a', 'b', 'c']) {
      const own = values.filter((v) => v.startsWith(name));
      expect(own).to.deep.equal([...own].sort());
    }
  });

  it('never has more sources open than the limit, and uses the limit', async () => {
    const track = { open: 0, max: 0 };
    await collect(merge(sources(Array.from({ length: 6 }, (_, i) => () => source(`s${i}`, 3, 2, track))), 3));
    expect(track.max).to.equal(3);
  });

  it('interleaves sources rather than reading them one after the other', async () => {
    const track = { open: 0, max: 0 };
    const values = await collect(merge(sources([() => source('a', 4, 5, track), () => source('b', 4, 5, track)]), 2));
    expect(values.slice(0, 4).some((v) => v.startsWith('b'))).to.equal(true);
  });

  it('reads strictly in sequence with a limit of 1', async () => {
    const track = { open: 0, max: 0 };
    const values = await collect(merge(sources([() => source('a', 2, 2, track), () => source('b', 2, 1, track)]), 1));
    expect(values).to.deep.equal(['a0', 'a1', 'b0', 'b1']);
  });

  it('stops every source and throws the first failure', async () => {
    const track = { open: 0, max: 0 };
    async function* failing(): AsyncGenerator<string> {
      await sleep(3);
      yield 'f0';
      throw new Error('partition failed');
    }
    let caught: unknown;
    try {
      await collect(merge(sources([() => source('a', 50, 2, track), failing]), 2));
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal('partition failed');
    expect(track.open).to.equal(0);
  });
});
