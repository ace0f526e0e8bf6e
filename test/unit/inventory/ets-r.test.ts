/**
 * ETS against R's forecast package. Reference: test/fixtures/inventory/ets-r.json, produced by
 *   Rscript scripts/reference/inventory/ets.R > test/fixtures/inventory/ets-r.json
 * (R 4.2.2, forecast 8.20, `ets(y)` with defaults or a fixed model, `forecast(fit, h, level = c(80, 95))`).
 *
 * Tolerances. R's fit is a local optimum of a Nelder-Mead search; Keel ports the same search (R's nmmin) and
 * the same starting values, so on these series it follows the same path and agrees to ~1e-12. The
 * tolerances below are looser than that on purpose (1e-6 relative on likelihood, AICc, forecasts; 1e-4 on
 * parameters) so that harmless floating-point reordering cannot break the test, while any change of
 * convention (start values, bounds, parameter count, variance formula) would.
 * One known, deliberate difference: R's `class1` puts γ on the second seasonal state when the model has
 * no trend (ETS(A,N,A)); Keel uses HKOS (2008) Table 6.1. With γ ≈ 1e-4 this moves the 95% bounds of
 * retail-85123A by < 1e-6 relative, inside the interval tolerance of 1e-5.
 */
import { describe, expect, it } from "vitest";
import { fitEts, fitEtsModel, forecastEts, parseEtsCode } from "~/inventory/model/ets.ts";
import { fixture, maxRelativeError, retailSeries } from "./fixtures.ts";

interface RFit {
  series: string;
  requested: string;
  method: string;
  par: Record<string, number>;
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  sigma2: number;
  initstate: number[];
  h: number;
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
}

const reference = fixture<{ source: string; series: Record<string, number[]>; fits: RFit[] }>("ets-r.json");
const frequency: Record<string, number> = {
  AirPassengers: 12,
  Nile: 1,
  "retail-85123A": 7,
  "retail-22423": 7,
  "retail-total-trading-days": 6,
};
const data = (name: string) => reference.series[name] ?? retailSeries(name).values;

describe(`ETS matches ${reference.source}`, () => {
  for (const r of reference.fits) {
    describe(`${r.series}, ets(model = "${r.requested}") → ${r.method}`, () => {
      const y = data(r.series);
      const result =
        r.requested === "ZZZ"
          ? fitEts(y, { seasonLength: frequency[r.series] })
          : fitEtsModel(y, parseEtsCode(r.requested)!, frequency[r.series]);
      if (!result.ok) throw new Error(result.reason);
      const fit = result.fit;

      it("chooses the same model", () => {
        expect(fit.method).toBe(r.method);
      });

      it("reaches the same likelihood and information criteria", () => {
        expect(Math.abs(fit.loglik - r.loglik) / Math.abs(r.loglik)).toBeLessThan(1e-6);
        expect(Math.abs(fit.aicc - r.aicc) / Math.abs(r.aicc)).toBeLessThan(1e-6);
        expect(Math.abs(fit.aic - r.aic) / Math.abs(r.aic)).toBeLessThan(1e-6);
        expect(Math.abs(fit.bic - r.bic) / Math.abs(r.bic)).toBeLessThan(1e-6);
        expect(Math.abs(fit.sigma2 - r.sigma2) / r.sigma2).toBeLessThan(1e-5);
      });

      it("estimates the same parameters and initial states", () => {
        expect(Object.keys(fit.par).sort()).toEqual(Object.keys(r.par).sort());
        for (const [name, value] of Object.entries(r.par)) {
          const tolerance = ["alpha", "beta", "gamma", "phi"].includes(name)
            ? 1e-4
            : 1e-4 * Math.max(1, Math.abs(value));
          expect(Math.abs(fit.par[name] - value), name).toBeLessThan(tolerance);
        }
        expect(maxRelativeError(fit.initialState, r.initstate, 1)).toBeLessThan(1e-4);
      });

      it("forecasts the same means and 80%/95% intervals", () => {
        const f = forecastEts(fit, r.h, [80, 95]);
        expect(maxRelativeError(f.mean, r.mean)).toBeLessThan(1e-6);
        expect(maxRelativeError(f.lower[80], r.lo80)).toBeLessThan(1e-5);
        expect(maxRelativeError(f.upper[80], r.hi80)).toBeLessThan(1e-5);
        expect(maxRelativeError(f.lower[95], r.lo95)).toBeLessThan(1e-5);
        expect(maxRelativeError(f.upper[95], r.hi95)).toBeLessThan(1e-5);
      });
    });
  }
});
