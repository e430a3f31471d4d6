import { seededRandom, testSeed } from './seeded-random.js';

/**
 * Draws for randomised tests, from one seed: the same seed draws the same cases, so a failure names
 * its seed and is replayed with SOURCE_CODING_TEST_SEED.
 */
export class SeededChoices {
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** The seed a test uses: SOURCE_CODING_TEST_SEED when set (to replay a failure), else its own default. */
  static seedFor(fallback: number): number {
    return testSeed(fallback);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
