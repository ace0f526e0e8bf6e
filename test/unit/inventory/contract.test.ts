/**
 * The one contract every demand model honours (issue 5; STYLE.md "one shared contract"):
 * fit then predict equals forecast in one call; lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95; never negative; never NaN;
 * deterministic; degenerate inputs give a defined answer with a reason, never a throw.
 * The automatic selection (forecastDemand) is held to the same rules.
 */
import { describe, expect, it } from "vitest";
import { movingAverage, naive, seasonalNaive } from "~/inventory/model/baselines.ts";
import { ets, etsModel } from "~/inventory/model/ets-model.ts";
import { adida, croston, sba, tsb } from "~/inventory/model/intermittent.ts";
import { forecastDemand } from "~/inventory/model/select.ts";
import type { DemandForecast, DemandModel } from "~/inventory/model/types.ts";
import { retailSeries } from "./fixtures.ts";

const models: DemandModel<unknown>[] = [
  naive,
  seasonalNaive,
  movingAverage,
  ets,
  etsModel({ optimiseStates: false, maxEvaluations: 300 }),
  croston,
  sba,
  tsb,
  adida,
] as DemandModel<unknown>[];

const smooth = retailSeries("retail-22423").values.slice(-120);
const lumpy = retailSeries("retail-21730").values.slice(-120);
const inputs: Record<string, number[]> = {
  "smooth retail series": smooth,
  "lumpy retail series": lumpy,
  "empty history": [],
  "one day": [4],
  "three days": [2, 0, 5],
  "all zeros": new Array<number>(60).fill(0),
  constant: new Array<number>(60).fill(3),
  "one sale then nothing": [7, ...new Array<number>(40).fill(0)],
  "with a return (negative day)": [3, 4, -2, 5, 6, 2, 3, 4, 5, 1, 2, 3, 6, 4, 2],
  "with a non-finite day": [3, 4, NaN, 5],
  "huge outlier": [...new Array<number>(50).fill(2), 1e9, ...new Array<number>(20).fill(3)],
};
const LEVELS = [95, 80];
const HORIZON = 10;

function expectValidForecast(f: DemandForecast, horizon: number) {
  expect(f.mean).toHaveLength(horizon);
  expect(f.intervals.map((i) => i.level)).toEqual([80, 95]);
  const [i80, i95] = f.intervals;
  for (let h = 0; h < horizon; h++) {
    const values = [i95.lower[h], i80.lower[h], f.mean[h], i80.upper[h], i95.upper[h]];
    for (const v of values) expect(Number.isFinite(v) && v >= 0, `day ${h}: ${values.join(", ")}`).toBe(true);
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
  }
}

describe.each(models.map((m) => [m.name, m] as const))("contract: %s", (_name, model) => {
  for (const [label, history] of Object.entries(inputs)) {
    it(`${label}: a defined answer, valid and reproducible`, () => {
      const once = model.forecast(history, HORIZON, LEVELS, { seasonLength: 7 });
      const again = model.forecast(history, HORIZON, LEVELS, { seasonLength: 7 });
      expect(again).toEqual(once);
      if (!once.ok) {
        expect(typeof once.reason).toBe("string");
        expect(once.reason.length).toBeGreaterThan(0);
        return;
      }
      expectValidForecast(once.forecast, HORIZON);
      const fitted = model.fit(history, { seasonLength: 7 });
      expect(fitted.ok).toBe(true);
      if (!fitted.ok) return;
      expect(model.predict(fitted.fitted, HORIZON, LEVELS)).toEqual(once.forecast);
      const paths = model.simulate(fitted.fitted, 5, 20, 42);
      expect(paths).toEqual(model.simulate(fitted.fitted, 5, 20, 42));
      expect(paths).toHaveLength(20);
      for (const path of paths) for (const v of path) expect(Number.isFinite(v) && v >= 0).toBe(true);
    });
  }
  it("fails with a reason, never throws, on an empty history", () => {
    const result = model.fit([]);
    expect(result.ok).toBe(false);
  });
  it("forecasts a smooth series successfully", () => {
    expect(model.forecast(smooth, HORIZON, LEVELS, { seasonLength: 7 }).ok).toBe(true);
  });
});

describe("contract: automatic selection (forecastDemand)", () => {
  for (const [label, history] of Object.entries(inputs)) {
    it(`${label}: always a valid forecast, with a reason when degenerate`, () => {
      const f = forecastDemand({ quantities: history }, { horizonDays: HORIZON, levels: LEVELS });
      expectValidForecast(f, HORIZON);
      expect(forecastDemand({ quantities: history }, { horizonDays: HORIZON, levels: LEVELS })).toEqual(f);
      if (f.model === "none" || f.model === "zero") expect(f.note).toBeTruthy();
    });
  }
});
