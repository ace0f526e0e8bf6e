/**
 * `npm run bench:forecast`: accuracy and speed of Keel's demand forecasting engine (issue 5).
 *
 * 1. Accuracy on the UCI Online Retail data set: daily units per stock code on trading days (the shop
 *    traded Sunday to Friday, so one trading week = 6 days), every stock code with at least 100 selling days,
 *    the last 28 trading days held out. Mean MASE and RMSSE (scaled by the in-sample seasonal naive error,
 *    m = 6), 80%/95% interval coverage and scaled pinball loss, for Keel's automatic choice, seasonal naive and
 *    the 28-day moving average.
 * 2. Side by side with R (when `Rscript` is installed): forecast::ets and forecast::croston on the same
 *    series, against Keel's R-equivalent `fitEts` and `croston`, with the ratio of run times.
 * 3. Speed: 10,000 synthetic two-year daily series, automatic selection with intervals, on worker threads;
 *    and R's ets on a sample of the same series for the time per series.
 * Benchmarks print figures; they assert nothing (the machine is shared and noisy).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { movingAverage, seasonalNaive } from "../app/inventory/model/baselines.ts";
import { fitEts, forecastEts } from "../app/inventory/model/ets.ts";
import { croston } from "../app/inventory/model/intermittent.ts";
import { forecastDemand } from "../app/inventory/model/select.ts";
import type { DemandForecast, Outcome } from "../app/inventory/model/types.ts";
import {
  scoreSeries,
  summarise,
  type SeriesForecast,
  type SeriesScore,
  type Summary,
} from "./forecast/metrics.ts";
import { loadOnlineRetail } from "./forecast/online-retail.ts";
import { syntheticSeries } from "./forecast/synthetic.ts";

const HORIZON = 28;
const TRADING_WEEK = 6;
const MIN_SELLING_DAYS = 100;
const SPEED_SERIES = Number(process.env.FORECAST_BENCH_SERIES ?? 10_000);
const R_SPEED_SAMPLE = 40;

const fmt = (v: number | null, digits = 3) =>
  v === null || !Number.isFinite(v) ? "   -  " : v.toFixed(digits);
const pct = (v: number | null) => (v === null ? "   -  " : `${(100 * v).toFixed(1)}%`);

function printTable(rows: [string, Summary, number][]) {
  console.log(
    `  ${"method".padEnd(30)} ${"series".padStart(6)} ${"MASE".padStart(7)} ${"RMSSE".padStart(7)} ${"cov80".padStart(7)} ${"cov95".padStart(7)} ${"pinball".padStart(8)} ${"seconds".padStart(8)}`,
  );
  for (const [name, s, seconds] of rows) {
    console.log(
      `  ${name.padEnd(30)} ${String(s.series).padStart(6)} ${fmt(s.mase).padStart(7)} ${fmt(s.rmsse).padStart(7)} ${pct(s.coverage80).padStart(7)} ${pct(s.coverage95).padStart(7)} ${fmt(s.pinball).padStart(8)} ${seconds.toFixed(2).padStart(8)}`,
    );
  }
}

function fromDemandForecast(f: DemandForecast): SeriesForecast {
  return {
    mean: f.mean,
    intervals: Object.fromEntries(f.intervals.map((i) => [i.level, { lower: i.lower, upper: i.upper }])),
  };
}

function fromOutcome(result: Outcome<{ forecast: DemandForecast }>, horizon: number): SeriesForecast {
  return result.ok ? fromDemandForecast(result.forecast) : { mean: new Array<number>(horizon).fill(0) };
}

function hasRscript(): boolean {
  return spawnSync("Rscript", ["--version"], { encoding: "utf8" }).status === 0;
}

interface RResult {
  ets_seconds: number;
  method?: string;
  mean?: number[];
  lo80?: number[];
  hi80?: number[];
  lo95?: number[];
  hi95?: number[];
  croston_seconds?: number;
  croston?: number[];
}

function runR(
  series: number[][],
  frequency: number,
  withCroston: boolean,
): { results: RResult[]; wallSeconds: number } | null {
  const dir = mkdtempSync(join(tmpdir(), "keel-forecast-bench-"));
  const input = join(dir, "input.json");
  const output = join(dir, "output.json");
  writeFileSync(input, JSON.stringify({ frequency, horizon: HORIZON, series }));
  const script = new URL("./forecast/r-side.R", import.meta.url).pathname;
  const started = performance.now();
  const run = spawnSync("Rscript", [script, input, output, ...(withCroston ? ["croston"] : [])], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    console.log(`  R failed: ${run.stderr.slice(0, 500)}`);
    return null;
  }
  return { results: JSON.parse(readFileSync(output, "utf8")) as RResult[], wallSeconds };
}

async function accuracy() {
  console.log(
    "\n== Accuracy: Online Retail, daily units per stock code on trading days, last 28 trading days held out ==",
  );
  const loadStarted = performance.now();
  const retail = await loadOnlineRetail();
  const train: number[][] = [];
  const test: number[][] = [];
  for (const [, units] of retail.units) {
    const values = retail.tradingDays.map((day) => units[day - retail.firstDay]);
    if (values.filter((v) => v > 0).length < MIN_SELLING_DAYS) continue;
    const cut = values.length - HORIZON;
    const first = values.findIndex((v) => v > 0);
    if (first >= cut - 2 * TRADING_WEEK) continue;
    train.push(values.slice(first, cut));
    test.push(values.slice(cut));
  }
  console.log(
    `  ${retail.units.size} stock codes, ${retail.tradingDays.length} trading days; ${train.length} codes with ≥ ${MIN_SELLING_DAYS} selling days (loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`,
  );

  const evaluate = (forecastOne: (y: number[]) => SeriesForecast) => {
    const started = performance.now();
    const forecasts = train.map(forecastOne);
    const seconds = (performance.now() - started) / 1000;
    const scores = forecasts
      .map((f, i) => scoreSeries(train[i], test[i], f, TRADING_WEEK))
      .filter((s): s is SeriesScore => s !== null);
    return { summary: summarise(scores), seconds };
  };
  const chosen: Record<string, number> = {};
  const auto = evaluate((y) => {
    const f = forecastDemand({ quantities: y }, { horizonDays: HORIZON, seasonLength: TRADING_WEEK });
    const family = f.model.startsWith("ets:") ? "ets" : f.model;
    chosen[family] = (chosen[family] ?? 0) + 1;
    return fromDemandForecast(f);
  });
  const snaive = evaluate((y) =>
    fromOutcome(seasonalNaive.forecast(y, HORIZON, [80, 95], { seasonLength: TRADING_WEEK }), HORIZON),
  );
  const ma = evaluate((y) => fromOutcome(movingAverage.forecast(y, HORIZON, [80, 95]), HORIZON));
  const keelEts = evaluate((y) => {
    const fit = fitEts(y, { seasonLength: TRADING_WEEK });
    if (!fit.ok) return { mean: new Array<number>(HORIZON).fill(0) };
    const f = forecastEts(fit.fit, HORIZON, [80, 95]);
    return {
      mean: f.mean,
      intervals: {
        80: { lower: f.lower[80], upper: f.upper[80] },
        95: { lower: f.lower[95], upper: f.upper[95] },
      },
    };
  });
  const keelCroston = evaluate((y) => ({
    mean: fromOutcome(croston.forecast(y, HORIZON, []), HORIZON).mean,
  }));

  printTable([
    ["Keel automatic", auto.summary, auto.seconds],
    ["seasonal naive (m = 6)", snaive.summary, snaive.seconds],
    ["moving average (28 days)", ma.summary, ma.seconds],
    ["Keel fitEts (R-equivalent)", keelEts.summary, keelEts.seconds],
    ["Keel croston (alpha 0.1)", keelCroston.summary, keelCroston.seconds],
  ]);
  console.log(
    `  models chosen: ${Object.entries(chosen)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  const gain = 1 - auto.summary.mase / snaive.summary.mase;
  console.log(
    `  MASE vs seasonal naive: ${(100 * gain).toFixed(1)}% lower (target ≥ 10%): ${gain >= 0.1 ? "met" : "NOT met"}`,
  );
  console.log(
    `  MASE vs moving average: ${(100 * (1 - auto.summary.mase / ma.summary.mase)).toFixed(1)}% lower`,
  );
  const c80 = auto.summary.coverage80 ?? 0;
  console.log(
    `  80% interval coverage ${pct(c80)} (target 75–85%): ${c80 >= 0.75 && c80 <= 0.85 ? "met" : "NOT met"}`,
  );

  if (!hasRscript()) {
    console.log("\n  Rscript not found: R comparison skipped.");
    return;
  }
  console.log(`\n== Side by side with R forecast (same ${train.length} series, frequency 6, h = 28) ==`);
  const r = runR(train, TRADING_WEEK, true);
  if (!r) return;
  const rEtsSeconds = r.results.reduce((s, x) => s + x.ets_seconds, 0);
  const rCrostonSeconds = r.results.reduce((s, x) => s + (x.croston_seconds ?? 0), 0);
  const rEts = summarise(
    r.results
      .map((x, i) =>
        x.mean
          ? scoreSeries(
              train[i],
              test[i],
              {
                mean: x.mean,
                intervals: { 80: { lower: x.lo80!, upper: x.hi80! }, 95: { lower: x.lo95!, upper: x.hi95! } },
              },
              TRADING_WEEK,
            )
          : null,
      )
      .filter((s): s is SeriesScore => s !== null),
  );
  const rCroston = summarise(
    r.results
      .map((x, i) => scoreSeries(train[i], test[i], { mean: x.croston ?? [] }, TRADING_WEEK))
      .filter((s): s is SeriesScore => s !== null),
  );
  printTable([
    ["R forecast::ets", rEts, rEtsSeconds],
    ["Keel fitEts (R-equivalent)", keelEts.summary, keelEts.seconds],
    ["R forecast::croston", rCroston, rCrostonSeconds],
    ["Keel croston", keelCroston.summary, keelCroston.seconds],
    ["Keel automatic", auto.summary, auto.seconds],
  ]);
  console.log(
    `  run time R ets / Keel fitEts: ${(rEtsSeconds / keelEts.seconds).toFixed(2)}× (R total wall ${r.wallSeconds.toFixed(1)} s incl. start-up)`,
  );
  console.log(`  run time R croston / Keel croston: ${(rCrostonSeconds / keelCroston.seconds).toFixed(2)}×`);
  console.log(
    `  run time R ets / Keel automatic (selection + intervals): ${(rEtsSeconds / auto.seconds).toFixed(2)}×`,
  );
}

async function speed() {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  console.log(
    `\n== Speed: ${SPEED_SERIES} synthetic series × 730 days, automatic selection + 80/95% intervals, h = 28, ${workers} worker threads ==`,
  );
  const started = performance.now();
  const chunk = Math.ceil(SPEED_SERIES / workers);
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const worker = new Worker(new URL("./forecast/worker-entry.mjs", import.meta.url), {
        workerData: { from: w * chunk, to: Math.min(SPEED_SERIES, (w + 1) * chunk), horizonDays: HORIZON },
      });
      return new Promise<{ models: Record<string, number>; invalid: number; seconds: number }>(
        (resolve, reject) => {
          worker.once("message", resolve);
          worker.once("error", reject);
          worker.once("exit", (code) =>
            reject(new Error(`worker exited with code ${code} before reporting`)),
          );
        },
      );
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const models: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.models)) models[k] = (models[k] ?? 0) + v;
  const cpuSeconds = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`  wall time ${wall.toFixed(1)} s (target < 60 s): ${wall < 60 ? "met" : "NOT met"}`);
  console.log(
    `  ${((1000 * cpuSeconds) / SPEED_SERIES).toFixed(2)} ms of worker time per series; ${(SPEED_SERIES / wall).toFixed(0)} series/s`,
  );
  console.log(
    `  invalid forecast days (unordered, negative or non-finite): ${results.reduce((s, r) => s + r.invalid, 0)}`,
  );
  console.log(
    `  models chosen: ${Object.entries(models)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `  main process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the worker threads)`,
  );

  if (!hasRscript()) return;
  const sample = Array.from({ length: R_SPEED_SAMPLE }, (_, i) => syntheticSeries(i));
  const r = runR(sample, 7, false);
  if (!r) return;
  const rPerSeries = (1000 * r.results.reduce((s, x) => s + x.ets_seconds, 0)) / R_SPEED_SAMPLE;
  const keelStarted = performance.now();
  for (const y of sample) forecastDemand({ quantities: y }, { horizonDays: HORIZON });
  const keelAutoPerSeries = (performance.now() - keelStarted) / R_SPEED_SAMPLE;
  const etsStarted = performance.now();
  for (const y of sample) {
    const fit = fitEts(y, { seasonLength: 7 });
    if (fit.ok) forecastEts(fit.fit, HORIZON);
  }
  const keelEtsPerSeries = (performance.now() - etsStarted) / R_SPEED_SAMPLE;
  console.log(`  on the first ${R_SPEED_SAMPLE} synthetic series (one thread each):`);
  console.log(`    R forecast::ets + forecast: ${rPerSeries.toFixed(1)} ms per series`);
  console.log(
    `    Keel automatic selection + intervals: ${keelAutoPerSeries.toFixed(1)} ms per series (${(rPerSeries / keelAutoPerSeries).toFixed(1)}× faster than R ets): ${keelAutoPerSeries < rPerSeries ? "met" : "NOT met"}`,
  );
  console.log(
    `    Keel fitEts (R-equivalent, all 15 forms, states optimised): ${keelEtsPerSeries.toFixed(1)} ms per series`,
  );
}

await accuracy();
await speed();
