/**
 * ETS as a demand model: automatic ETS (see ets.ts) with its analytic intervals cut at zero, and sample
 * paths simulated from the fitted state space model (HKOS 2008 §6.1) for lead-time demand.
 */
import { checkHistory, defineModel } from "./define.ts";
import { fitEts, forecastEts, type EtsFit, type EtsOptions } from "./ets.ts";
import { demandValue, normaliseLevels } from "./intervals.ts";
import { seededNormal } from "./stats.ts";
import type { DemandModel } from "./types.ts";

/** Simulates `paths` futures of the fitted model with Gaussian errors of variance σ². */
export function simulateEts(fit: EtsFit, horizon: number, paths: number, seed: number): number[][] {
  const normal = seededNormal(seed);
  const sigma = Math.sqrt(Math.max(fit.sigma2, 0));
  const { error, trend, season } = fit.components;
  const { alpha, beta, gamma, phi } = fit.smoothing;
  const hasTrend = trend !== "N";
  const m = fit.m;
  const offset = hasTrend ? 2 : 1;
  const out: number[][] = [];
  for (let p = 0; p < paths; p++) {
    let level = fit.finalState[0];
    let growth = hasTrend ? fit.finalState[1] : 0;
    // Ring of seasonal indices, next one first (same convention as etsFilter).
    const ring =
      season === "N" ? [] : Array.from({ length: m }, (_, k) => fit.finalState[offset + m - 1 - k]);
    const path: number[] = [];
    for (let h = 0; h < horizon; h++) {
      const s = season === "N" ? 0 : ring[h % m];
      const base = level + (hasTrend ? phi * growth : 0);
      const forecast = season === "A" ? base + s : season === "M" ? base * s : base;
      const e = sigma * normal();
      const y = error === "A" ? forecast + e : forecast * (1 + e);
      path.push(demandValue(y));
      // The state evolves with the unclipped draw so the model's dynamics are preserved.
      const oldLevel = level;
      const phiGrowth = hasTrend ? phi * growth : 0;
      const p0 = season === "A" ? y - s : season === "M" ? y / s : y;
      level = base + alpha * (p0 - base);
      if (hasTrend) growth = phiGrowth + (beta / alpha) * (level - oldLevel - phiGrowth);
      if (season !== "N") ring[h % m] = s + gamma * ((season === "A" ? y - base : y / base) - s);
    }
    out.push(path);
  }
  return out;
}

/** The ETS demand model; `options` tunes speed (candidate set, whether initial states are optimised). */
export function etsModel(options: Omit<EtsOptions, "seasonLength"> = {}): DemandModel<EtsFit> {
  return defineModel<EtsFit>({
    name: "ets",
    fit(history, modelOptions) {
      const problem = checkHistory(history);
      if (problem) return { ok: false, reason: problem };
      const result = fitEts(history, { ...options, seasonLength: modelOptions?.seasonLength ?? 7 });
      return result.ok ? { ok: true, fitted: result.fit } : result;
    },
    predict(fit, horizonDays, levels) {
      const sorted = normaliseLevels(levels);
      const f = forecastEts(fit, horizonDays, sorted);
      const mean = f.mean.map(demandValue);
      const intervals = sorted.map((level) => ({
        level,
        lower: f.lower[level].map((v, i) => demandValue(Math.min(v, mean[i]))),
        upper: f.upper[level].map((v, i) => demandValue(Math.max(v, mean[i]))),
      }));
      return { model: `ets:${fit.method}`, mean, intervals, intervalMethod: "analytic" };
    },
    simulate: simulateEts,
  });
}

export const ets = etsModel();
