/**
 * Worker thread of the speed run: forecasts a range of synthetic series with automatic selection and
 * intervals, and reports what it chose (the forecasts themselves are checked, then dropped).
 */
import { parentPort, workerData } from "node:worker_threads";
import { forecastDemand } from "../../app/inventory/model/select.ts";
import { syntheticSeries } from "./synthetic.ts";

interface Job {
  from: number;
  to: number;
  horizonDays: number;
}

const job = workerData as Job;
const models: Record<string, number> = {};
let invalid = 0;
const started = performance.now();
for (let i = job.from; i < job.to; i++) {
  const f = forecastDemand(
    { quantities: syntheticSeries(i) },
    { horizonDays: job.horizonDays, levels: [80, 95] },
  );
  const family = f.model.startsWith("ets:") ? "ets" : f.model;
  models[family] = (models[family] ?? 0) + 1;
  const [i80, i95] = f.intervals;
  for (let h = 0; h < job.horizonDays; h++) {
    const ordered =
      i95.lower[h] <= i80.lower[h] &&
      i80.lower[h] <= f.mean[h] &&
      f.mean[h] <= i80.upper[h] &&
      i80.upper[h] <= i95.upper[h];
    if (!ordered || !Number.isFinite(i95.upper[h]) || i95.lower[h] < 0) invalid++;
  }
}
parentPort!.postMessage({ models, invalid, seconds: (performance.now() - started) / 1000 });
