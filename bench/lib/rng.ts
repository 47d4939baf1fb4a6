/** Deterministic PRNG (mulberry32): the same seed gives the same points on every machine. */
export { createRng as rng } from '@cityloop/domain/rng';
