/**
 * `npm run bench:experiments`: analysis throughput on 1,000 experiments × 5 arms × 10 metrics, and the
 * A/A simulation showing what continuous monitoring does to each method's false-positive rate.
 */
import { analyzeExperiment } from "../app/experiments/model/analyze.ts";
import { generateExperiment } from "./experiments/workload.ts";
import { simulatePeeking } from "./experiments/simulate.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function throughput(): void {
  const experiments = Array.from({ length: 1000 }, (_, i) => generateExperiment(1000 + i));
  const comparisons = 1000 * 4 * 10;
  analyzeExperiment(experiments[0]); // warm the JIT
  const timings: number[] = [];
  let failures = 0;
  let flagged = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (const experiment of experiments) {
      const analysis = analyzeExperiment(experiment);
      if (round === 0) {
        failures += analysis.results.filter((r) => !r.ok).length;
        if (analysis.srm.ok && analysis.srm.flagged) flagged++;
      }
    }
    timings.push(performance.now() - start);
  }
  const memory = process.memoryUsage();
  const best = Math.min(...timings);
  console.log("Analysis: 1,000 experiments × 5 arms × 10 metrics (40,000 comparisons), 5 rounds");
  console.log(`  median ${median(timings).toFixed(0)} ms, best ${best.toFixed(0)} ms (target < 1,000 ms)`);
  console.log(
    `  ${((comparisons / best) * 1000).toFixed(0)} comparisons/s, ${(best / 1000).toFixed(3)} ms per experiment`,
  );
  console.log(
    `  heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB, rss ${(memory.rss / 1048576).toFixed(0)} MiB (inputs included)`,
  );
  console.log(
    `  ${failures} comparisons without a result; SRM flagged in ${flagged} of 1,000 (expected ~1 at p < 0.001)`,
  );
}

function peeking(metric: "revenue" | "conversion"): void {
  const setup = { experiments: 2000, batches: 100, batchSize: 100, alpha: 0.05, tau: 5000, seed: 7, metric };
  const start = performance.now();
  const rates = simulatePeeking(setup);
  const seconds = (performance.now() - start) / 1000;
  const se = (rate: number) => Math.sqrt((rate * (1 - rate)) / setup.experiments);
  const show = (rate: number) => `${(rate * 100).toFixed(2)}% ± ${(se(rate) * 100).toFixed(2)}`;
  console.log(
    `\nA/A simulation: ${setup.experiments} experiments, look after each of ${setup.batches} batches of ${setup.batchSize} visitors per arm (alpha ${setup.alpha}, tau ${setup.tau}, ${metric === "revenue" ? "skewed revenue per visitor" : "9 % conversion"})`,
  );
  console.log(`  sequential (anytime-valid CS), any look:  ${show(rates.sequential)}`);
  console.log(`  fixed-horizon Welch, any look (peeking):  ${show(rates.fixedHorizonPeeking)}`);
  console.log(`  fixed-horizon Welch, final look only:     ${show(rates.fixedHorizonFinal)}`);
  console.log(`  (${seconds.toFixed(1)} s)`);
}

throughput();
peeking("revenue");
peeking("conversion");
