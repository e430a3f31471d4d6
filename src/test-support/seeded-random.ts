/** A seeded pseudo-random generator (mulberry32) for randomised tests that must be reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The codes 1..n with `fraction` of them removed at random. */
export function codesWithHoles(n: number, fraction: number, random: () => number): number[] {
  const codes: number[] = [];
  for (let code = 1; code <= n; code++) if (random() >= fraction) codes.push(code);
  return codes;
}

/** The values in a random order (Fisher–Yates). */
export function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The seed of a randomised test: SOURCE_CODING_TEST_SEED when set, else the given default. */
export function testSeed(fallback: number): number {
  const given = process.env.SOURCE_CODING_TEST_SEED;
  return given !== undefined && given.trim() !== '' && Number.isSafeInteger(Number(given)) ? Number(given) : fallback;
}
