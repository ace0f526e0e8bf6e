/**
 * Synthetic daily demand for the speed run: a seeded, reproducible mix of the four Syntetos–Boylan classes,
 * a quarter each (smooth with a weekly cycle and a drift, erratic, intermittent, lumpy), two years per series.
 */
import { seededNormal, seededUniform } from "../../app/inventory/model/stats.ts";

export const SYNTHETIC_DAYS = 730;

function poisson(rate: number, uniform: () => number): number {
  // Knuth's method for small rates, normal approximation above 30 (fine for benchmark data).
  if (rate > 30)
    return Math.max(0, Math.round(rate + Math.sqrt(rate) * (uniform() + uniform() + uniform() - 1.5) * 2));
  const limit = Math.exp(-rate);
  let k = 0;
  let p = uniform();
  while (p > limit) {
    k++;
    p *= uniform();
  }
  return k;
}

/** Series number `index` of the synthetic set (deterministic in `index`). */
export function syntheticSeries(index: number, days = SYNTHETIC_DAYS): number[] {
  const uniform = seededUniform(1_000_003 * (index + 1));
  const normal = seededNormal(7_919 * (index + 1));
  const kind = index % 4;
  const weekly = Array.from({ length: 7 }, () => 0.7 + 0.6 * uniform());
  const out: number[] = [];
  if (kind === 0) {
    // Smooth: level 10–200 with a slow drift and a weekly cycle, Poisson noise.
    let level = 10 + 190 * uniform();
    const drift = (uniform() - 0.5) * 0.002;
    for (let t = 0; t < days; t++) {
      level *= 1 + drift + 0.01 * normal();
      out.push(poisson(Math.max(0.5, level * weekly[t % 7]), uniform));
    }
  } else if (kind === 1) {
    // Erratic: frequent sales with heavy-tailed sizes (lognormal).
    const rate = 0.8 + 0.2 * uniform();
    const scale = 2 + 20 * uniform();
    for (let t = 0; t < days; t++)
      out.push(
        uniform() < rate * Math.min(1, weekly[t % 7]) ? Math.round(scale * Math.exp(0.9 * normal())) : 0,
      );
  } else if (kind === 2) {
    // Intermittent: sales on 10–60% of days, small regular sizes.
    const p = 0.1 + 0.5 * uniform();
    const size = 1 + 4 * uniform();
    for (let t = 0; t < days; t++) out.push(uniform() < p ? 1 + poisson(size - 1, uniform) : 0);
  } else {
    // Lumpy: rare sales of very variable size.
    const p = 0.05 + 0.3 * uniform();
    const scale = 3 + 30 * uniform();
    for (let t = 0; t < days; t++)
      out.push(uniform() < p ? Math.max(1, Math.round(scale * Math.exp(1.2 * normal()))) : 0);
  }
  return out;
}
