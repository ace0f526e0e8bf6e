/**
 * Seeded simulations for the experiments benchmark and tests: a small PRNG, skewed per-visitor revenue,
 * and the A/A "peeking" simulation (a merchant who checks after every batch and stops at the first
 * significant result).
 */
import { absoluteDifference, welchTest } from "../../app/experiments/model/frequentist.ts";
import { meanSummary, proportionSummary } from "../../app/experiments/model/metrics.ts";
import { sequentialInterval } from "../../app/experiments/model/sequential.ts";

/** Mulberry32 (Tommy Ettinger, public domain): a fast 32-bit PRNG, plenty for Monte Carlo at this scale. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by the Box–Muller transform. */
export function createNormal(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** Per-visitor revenue: 9 % of visitors buy, for a log-normal amount around 45 (heavily skewed). */
export function createRevenue(seed: number): () => number {
  const random = createRandom(seed);
  const normal = createNormal(random);
  return () => (random() < 0.09 ? Math.exp(Math.log(45) - 0.5 + normal()) : 0);
}

/** How the A/A simulation runs. */
export interface PeekingSimulation {
  experiments: number;
  /** Looks per experiment; the merchant checks after every batch. */
  batches: number;
  /** Visitors added to each of the two arms per batch. */
  batchSize: number;
  alpha: number;
  tau: number;
  seed: number;
  /** Skewed revenue per visitor (default) or a 9 % conversion rate. */
  metric?: "revenue" | "conversion";
}

/** False-positive rates of an A/A test under continuous monitoring. */
export interface PeekingRates {
  /** Share of experiments where the sequential p-value fell below alpha at any look. */
  sequential: number;
  /** Share where the fixed-horizon Welch p-value fell below alpha at any look (peeking). */
  fixedHorizonPeeking: number;
  /** Share where the Welch test was significant at the last look only (the test as designed). */
  fixedHorizonFinal: number;
}

/**
 * A/A experiments (both arms draw from the same revenue distribution, so every significant result is a
 * false positive), analysed after every batch with both methods.
 */
export function simulatePeeking(setup: PeekingSimulation): PeekingRates {
  let sequentialHits = 0;
  let peekingHits = 0;
  let finalHits = 0;
  for (let e = 0; e < setup.experiments; e++) {
    const seed = setup.seed * 1_000_003 + e;
    const uniform = createRandom(seed);
    const draw = setup.metric === "conversion" ? () => (uniform() < 0.09 ? 1 : 0) : createRevenue(seed);
    const sums = [
      { n: 0, sum: 0, sumSquares: 0 },
      { n: 0, sum: 0, sumSquares: 0 },
    ];
    let sequentialRejected = false;
    let peekingRejected = false;
    let finalRejected = false;
    for (let b = 0; b < setup.batches; b++) {
      for (const arm of sums) {
        for (let i = 0; i < setup.batchSize; i++) {
          const value = draw();
          arm.sum += value;
          arm.sumSquares += value * value;
        }
        arm.n += setup.batchSize;
      }
      const summarise = (arm: (typeof sums)[number]) =>
        setup.metric === "conversion"
          ? proportionSummary(arm.n, arm.sum)
          : meanSummary(arm.n, arm.sum, arm.sumSquares);
      const control = summarise(sums[0]);
      const variant = summarise(sums[1]);
      if (!control.ok || !variant.ok) continue;
      const fixed = welchTest(control, variant, { alpha: setup.alpha, alternative: "two-sided" });
      if (!fixed.ok) continue;
      const significant = fixed.absolute.pValue < setup.alpha;
      if (significant) peekingRejected = true;
      if (b === setup.batches - 1) finalRejected = significant;
      const sequential = sequentialInterval(absoluteDifference(control, variant), control.n + variant.n, {
        alpha: setup.alpha,
        tau: setup.tau,
        alternative: "two-sided",
      });
      if (sequential.pValue < setup.alpha) sequentialRejected = true;
    }
    if (sequentialRejected) sequentialHits++;
    if (peekingRejected) peekingHits++;
    if (finalRejected) finalHits++;
  }
  return {
    sequential: sequentialHits / setup.experiments,
    fixedHorizonPeeking: peekingHits / setup.experiments,
    fixedHorizonFinal: finalHits / setup.experiments,
  };
}
