/**
 * A small seeded pseudo-random generator for the synthetic store: sfc32 (Chris Doty-Humphrey's "small fast
 * counting" generator, from PractRand), seeded through splitmix32 so that nearby seeds give unrelated streams.
 * Deterministic on every platform: only 32-bit integer arithmetic, no Math.random.
 */

/** A stream of uniform numbers in [0, 1) with the distributions the generator needs. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given rate. */
  exponential(rate: number): number;
  /** Gamma(shape, rate) (Marsaglia & Tsang 2000; shape < 1 by the boost Gamma(a) = Gamma(a+1)·U^(1/a)). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b) as X/(X+Y) of two gammas. */
  beta(a: number, b: number): number;
  /** Poisson(mean) by inversion (Knuth); the means used here are small. */
  poisson(mean: number): number;
  /** Number of failures before the first success, success probability p. */
  geometric(p: number): number;
  /** A child stream seeded from this stream's next output and `label` (an independent sub-process). */
  fork(label: number): Random;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A generator for `seed` (any integer; only its low 32 bits matter).
 * @example
 * const random = createRandom(42);
 * random.int(6); // the same value on every run
 */
export function createRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let counter = mix();
  const uint32 = () => {
    const t = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Warm-up, as PractRand's reference implementation does, so the first outputs are well mixed.
  for (let i = 0; i < 12; i++) uint32();
  const next = () => uint32() / 4294967296;
  let spareNormal: number | undefined;

  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    normal() {
      if (spareNormal !== undefined) {
        const value = spareNormal;
        spareNormal = undefined;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    exponential: (rate) => -Math.log(1 - next()) / rate,
    gamma(shape, rate) {
      if (shape < 1) return random.gamma(shape + 1, rate) * Math.pow(1 - next(), 1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const x = random.normal();
        const v0 = 1 + c * x;
        if (v0 <= 0) continue;
        const v = v0 * v0 * v0;
        const u = 1 - next();
        if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
      }
    },
    beta(shapeA, shapeB) {
      const x = random.gamma(shapeA, 1);
      const y = random.gamma(shapeB, 1);
      return x / (x + y);
    },
    poisson(mean) {
      const limit = Math.exp(-mean);
      let k = 0;
      let product = next();
      while (product > limit) {
        k++;
        product *= next();
      }
      return k;
    },
    geometric: (p) => Math.floor(Math.log(1 - next()) / Math.log(1 - p)),
    fork: (label) => createRandom((uint32() ^ Math.imul(label + 1, 0x27d4eb2d)) >>> 0),
  };
  return random;
}
