/**
 * Deterministic randomness. Every (seed, point, day) gets its own stream, so the data of a day do not depend on
 * the range requested: April generated alone equals April inside a whole-year run.
 */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for synthetic profiles. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed (a variant of the murmur3 finaliser). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function randomFor(seed: number, ...parts: number[]): Random {
  return mulberry32(mixSeed(seed, ...parts));
}
