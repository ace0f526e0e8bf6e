/**
 * Worker thread of the scale benchmark: scores a slice of customers with the fitted models. Customers come
 * and scores go back as typed arrays (transferred, not cloned): cloning a million objects costs seconds.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  scoreCustomer,
  type AnalysisOptions,
  type FittedModels,
} from "../../app/customers/model/profiles.ts";

export interface ScoreJob {
  frequency: Float64Array<ArrayBuffer>;
  recency: Float64Array<ArrayBuffer>;
  T: Float64Array<ArrayBuffer>;
  monetary: Float64Array<ArrayBuffer>;
  fitted: FittedModels;
  options: AnalysisOptions;
}

export interface ScoreColumns {
  probabilityAlive: Float64Array<ArrayBuffer>;
  expectedPurchases: Float64Array<ArrayBuffer>;
  expectedSpend: Float64Array<ArrayBuffer>;
  predictedClv: Float64Array<ArrayBuffer>;
  /** NaN where the expected date is null. */
  expectedNextOrderMs: Float64Array<ArrayBuffer>;
  /** 1 where the heuristic scored the customer. */
  heuristic: Uint8Array<ArrayBuffer>;
}

const job = workerData as ScoreJob;
const n = job.frequency.length;
const out: ScoreColumns = {
  probabilityAlive: new Float64Array(n),
  expectedPurchases: new Float64Array(n),
  expectedSpend: new Float64Array(n),
  predictedClv: new Float64Array(n),
  expectedNextOrderMs: new Float64Array(n),
  heuristic: new Uint8Array(n),
};
for (let i = 0; i < n; i++) {
  const s = scoreCustomer(
    {
      customerId: "",
      frequency: job.frequency[i],
      recency: job.recency[i],
      T: job.T[i],
      monetary: job.monetary[i],
      orders: 0,
      totalSpent: 0,
      firstOrderMs: 0,
      lastOrderMs: 0,
    },
    job.fitted,
    job.options,
  );
  out.probabilityAlive[i] = s.probabilityAlive;
  out.expectedPurchases[i] = s.expectedPurchases;
  out.expectedSpend[i] = s.expectedSpend;
  out.predictedClv[i] = s.predictedClv;
  out.expectedNextOrderMs[i] = s.expectedNextOrderMs ?? NaN;
  out.heuristic[i] = s.method === "heuristic" ? 1 : 0;
}
parentPort?.postMessage(out, [
  out.probabilityAlive.buffer,
  out.expectedPurchases.buffer,
  out.expectedSpend.buffer,
  out.predictedClv.buffer,
  out.expectedNextOrderMs.buffer,
  out.heuristic.buffer,
]);
