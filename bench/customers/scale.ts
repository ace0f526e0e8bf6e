/**
 * Scale run: summarise, fit and score a million synthetic customers (about ten million orders), with the
 * scoring spread over worker threads. Prints the time of each stage, the scoring rate and peak RSS.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  fitModels,
  buildProfiles,
  type AnalysisOptions,
  type CustomerScore,
  type FittedModels,
} from "../../app/customers/model/index.ts";
import { summariseDays } from "../../app/customers/model/summary.ts";
import { MS_PER_DAY, type CustomerSummary } from "../../app/customers/model/types.ts";
import type { ScoreColumns, ScoreJob } from "./score-worker.ts";
import { syntheticOrders } from "./synthetic.ts";

// Rates per day: a mean gap of about a month and a mean dropout probability of 0.1 per purchase give about
// ten orders per customer over four years of staggered acquisition.
export const SCALE_TRUTH = { bgnbd: { r: 1.3, alpha: 40, a: 1, b: 9 }, gammaGamma: { p: 6, q: 4, v: 15 } };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Scores a slice of customers in a worker thread, passing columns rather than objects. */
function scoreInWorker(
  summaries: CustomerSummary[],
  fitted: FittedModels,
  options: AnalysisOptions,
): Promise<ScoreColumns> {
  const column = (f: (c: CustomerSummary) => number): Float64Array<ArrayBuffer> =>
    Float64Array.from(summaries, f);
  const job: ScoreJob = {
    frequency: column((c) => c.frequency),
    recency: column((c) => c.recency),
    T: column((c) => c.T),
    monetary: column((c) => c.monetary),
    fitted,
    options,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./score-worker-entry.mjs", import.meta.url), {
      workerData: job,
      transferList: [job.frequency.buffer, job.recency.buffer, job.T.buffer, job.monetary.buffer],
    });
    worker.once("message", (scores: ScoreColumns) => {
      resolve(scores);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

function toScores(columns: ScoreColumns): CustomerScore[] {
  const scores: CustomerScore[] = new Array(columns.probabilityAlive.length);
  for (let i = 0; i < scores.length; i++) {
    const next = columns.expectedNextOrderMs[i];
    scores[i] = {
      probabilityAlive: columns.probabilityAlive[i],
      churnRisk: 1 - columns.probabilityAlive[i],
      expectedPurchases: columns.expectedPurchases[i],
      expectedSpend: columns.expectedSpend[i],
      predictedClv: columns.predictedClv[i],
      expectedNextOrderMs: Number.isNaN(next) ? null : next,
      method: columns.heuristic[i] === 1 ? "heuristic" : "model",
    };
  }
  return scores;
}

export async function runScale(
  customers: number,
  threads = Math.max(1, Math.min(2, availableParallelism())),
): Promise<void> {
  console.log(
    `\n== Scale: ${customers.toLocaleString("en")} synthetic customers, ${threads} scoring threads ==`,
  );
  const asOfDay = Math.floor(Date.UTC(2025, 11, 31) / MS_PER_DAY);
  let t = performance.now();
  const book = syntheticOrders({ customers, ...SCALE_TRUTH, acquisitionDays: 1460, asOfDay, seed: 20251231 });
  console.log(
    `generate        ${seconds(performance.now() - t)}  (${book.days.length.toLocaleString("en")} orders; not part of the run)`,
  );

  const start = performance.now();
  t = start;
  const summaries: CustomerSummary[] = new Array(customers);
  for (let i = 0; i < customers; i++) {
    summaries[i] = {
      customerId: String(i),
      ...summariseDays(book.days, book.amounts, book.offsets[i], book.offsets[i + 1], asOfDay, "day"),
    };
  }
  console.log(`summarise       ${seconds(performance.now() - t)}`);

  const options: AnalysisOptions = {
    asOfMs: asOfDay * MS_PER_DAY,
    unit: "day",
    horizon: 365,
    annualDiscountRate: 0.1,
  };
  t = performance.now();
  const fitted = fitModels(summaries, options);
  const fitMs = performance.now() - t;
  if (!fitted.ok) throw new Error(fitted.reason);
  const bg = fitted.bgnbd?.params;
  const gg = fitted.gammaGamma?.params;
  console.log(`fit             ${seconds(fitMs)}  (BG/NBD + Gamma-Gamma, trusted: ${fitted.trust.trusted})`);
  if (bg && gg) {
    console.log(
      `  BG/NBD  r ${bg.r.toFixed(3)} α ${bg.alpha.toFixed(2)} a ${bg.a.toFixed(3)} b ${bg.b.toFixed(2)}` +
        `   (true r ${SCALE_TRUTH.bgnbd.r} α ${SCALE_TRUTH.bgnbd.alpha} a ${SCALE_TRUTH.bgnbd.a} b ${SCALE_TRUTH.bgnbd.b}; days rounded)`,
    );
    console.log(
      `  Gamma-Gamma p ${gg.p.toFixed(3)} q ${gg.q.toFixed(3)} v ${gg.v.toFixed(2)}   (true p 6 q 4 v 15)`,
    );
  }

  t = performance.now();
  const chunk = Math.ceil(customers / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, k) =>
      scoreInWorker(summaries.slice(k * chunk, (k + 1) * chunk), fitted, options),
    ),
  );
  const scores = parts.flatMap(toScores);
  const scoreMs = performance.now() - t;
  console.log(
    `score           ${seconds(scoreMs)}  (${Math.round(customers / (scoreMs / 1000)).toLocaleString("en")} customers/s: P(alive), E[purchases 365 d], CLV in 12 monthly steps)`,
  );

  t = performance.now();
  const profiles = buildProfiles(summaries, scores, options);
  console.log(`RFM + profiles  ${seconds(performance.now() - t)}`);
  const total = performance.now() - start;
  const heuristic = profiles.filter((p) => p.method === "heuristic").length;
  console.log(`end to end      ${seconds(total)}  (summarise + fit + score + RFM; target < 30 s)`);
  console.log(`heuristic-scored customers: ${heuristic}`);
  console.log(
    `peak RSS        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (main thread process)`,
  );
}
