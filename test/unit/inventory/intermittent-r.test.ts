/**
 * Intermittent-demand models against independent references: test/fixtures/inventory/intermittent-r.json,
 * produced by `Rscript scripts/reference/inventory/intermittent.R > test/fixtures/inventory/intermittent-r.json`.
 * Croston is R forecast::croston (8.20); SBA, TSB and ADIDA are the published formulas written out in that R
 * script (no R package implements them with the same initialisation). The arithmetic is deterministic and
 * identical in both, so the tolerance is 1e-9 relative.
 */
import { describe, expect, it } from "vitest";
import { adida, crostonModel, sba, tsb, type RateFit } from "~/inventory/model/intermittent.ts";
import type { DemandModel } from "~/inventory/model/types.ts";
import { fixture } from "./fixtures.ts";

interface Case {
  series: string;
  values: number[];
  croston: { alpha: number; mean: number; fitted: (number | null)[] };
  croston02: { alpha: number; mean: number };
  sba: { alpha: number; mean: number };
  tsb: { alpha: number; beta: number; mean: number };
  adida: { k: number; alpha: number; mean: number };
}
const reference = fixture<{ source: string; cases: Case[] }>("intermittent-r.json");

function fitOrThrow(model: DemandModel<RateFit>, values: number[]): RateFit {
  const result = model.fit(values);
  if (!result.ok) throw new Error(result.reason);
  return result.fitted;
}
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12)).toBeLessThan(1e-9);

describe(`intermittent demand models match ${reference.source}`, () => {
  for (const c of reference.cases) {
    describe(c.series, () => {
      it("Croston (alpha 0.1) forecast and one-step fitted values equal forecast::croston", () => {
        const fit = fitOrThrow(crostonModel(0.1), c.values);
        close(fit.rate, c.croston.mean);
        // forecast::croston's fitted[t] is croston() on the first t−1 days; residuals are y − fitted.
        const expectedResiduals = c.values.flatMap((v, t) =>
          c.croston.fitted[t] === null ? [] : [v - c.croston.fitted[t]!],
        );
        expect(fit.residuals).toHaveLength(expectedResiduals.length);
        fit.residuals.forEach((r, i) => expect(Math.abs(r - expectedResiduals[i])).toBeLessThan(1e-9));
      });
      it("Croston (alpha 0.2) equals forecast::croston", () => {
        close(fitOrThrow(crostonModel(0.2), c.values).rate, c.croston02.mean);
      });
      it("SBA = Croston × (1 − α/2)", () => {
        close(fitOrThrow(sba, c.values).rate, c.sba.mean);
      });
      it("TSB picks the same constants and forecast", () => {
        const fit = fitOrThrow(tsb, c.values);
        expect(fit.settings).toEqual({ alpha: c.tsb.alpha, beta: c.tsb.beta });
        close(fit.rate, c.tsb.mean);
      });
      it("ADIDA uses the same bucket size, constant and forecast", () => {
        const fit = fitOrThrow(adida, c.values);
        expect(fit.settings.k).toBe(c.adida.k);
        close(fit.settings.alpha, c.adida.alpha);
        close(fit.rate, c.adida.mean);
      });
    });
  }
});
