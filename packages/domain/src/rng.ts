/**
 * A small seeded PRNG (mulberry32), uniform in [0, 1): demo data, simulated devices and
 * benchmarks must be the same on every machine, so they never touch Math.random. (The city
 * generator's `Rng` class in tools/citygen adds picking, shuffling and forked streams on top of
 * the same algorithm.)
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
