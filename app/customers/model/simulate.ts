/**
 * Seeded simulation of customers from known BG/NBD and Gamma-Gamma parameters, for parameter-recovery
 * tests and the scale benchmark. Follows the models' stories exactly (Fader, Hardie & Lee 2005, §3;
 * Fader & Hardie 2013, §2), so a correct fit recovers the parameters within sampling error.
 */
import type { BgNbdParams, GammaGammaParams } from "./types.ts";

/** A small, fast, seeded uniform generator on [0, 1) (mulberry32). */
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

function standardNormal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 boosted by U^(1/shape)). */
export function gammaDraw(shape: number, random: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export interface SimulatedCustomer {
  /** Purchase times from the first purchase (time 0), up to `observedFor`. */
  purchaseTimes: number[];
  /** Value of each purchase. */
  purchaseValues: number[];
  /** Length of the observation period from the first purchase (T). */
  observedFor: number;
}

export interface SimulationOptions {
  customers: number;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Each customer's T is drawn uniformly from [minT, maxT] (staggered acquisition). */
  minT: number;
  maxT: number;
  seed: number;
}

/**
 * Simulates customers: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases at Poisson rate λ after the first one at
 * time 0; after each repeat purchase the customer drops out with probability p. Spend: ν ~ Gamma(q, v),
 * each purchase ~ Gamma(p, ν).
 */
export function simulateCustomers(options: SimulationOptions): SimulatedCustomer[] {
  const random = seededRandom(options.seed);
  const { r, alpha, a, b } = options.bgnbd;
  const gg = options.gammaGamma;
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const rate = gammaDraw(r, random) / alpha;
    const ga = gammaDraw(a, random);
    const dropout = ga / (ga + gammaDraw(b, random));
    const spendRate = gammaDraw(gg.q, random) / gg.v;
    const T = options.minT + (options.maxT - options.minT) * random();
    const times = [0];
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (!(t <= T)) break;
      times.push(t);
      if (random() < dropout) break;
    }
    out.push({
      purchaseTimes: times,
      purchaseValues: times.map(() => gammaDraw(gg.p, random) / spendRate),
      observedFor: T,
    });
  }
  return out;
}

/** (x, t_x, T, m̄) of a simulated customer in the form the fits take. */
export function simulatedSummary(c: SimulatedCustomer): {
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
} {
  const x = c.purchaseTimes.length - 1;
  const repeatTotal = c.purchaseValues.slice(1).reduce((s, v) => s + v, 0);
  return {
    frequency: x,
    recency: c.purchaseTimes[x],
    T: c.observedFor,
    monetary: x > 0 ? repeatTotal / x : 0,
  };
}
