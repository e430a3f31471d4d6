/** mulberry32: a small PRNG, so that a randomised test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a randomised test: SOURCE_CODING_TEST_SEED when set, else the given default. */
export function testSeed(fallback: number): number {
  const fromEnv = Number(process.env.SOURCE_CODING_TEST_SEED);
  return Number.isSafeInteger(fromEnv) ? fromEnv : fallback;
}
