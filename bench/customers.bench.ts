/**
 * `npm run bench:customers`: prints the customer engine's figures (not a test).
 *   - CDNOW: fit time of BG/NBD and Gamma-Gamma on the sample and on the full master file;
 *   - Scale: a million synthetic customers (about ten million orders) summarised, fitted and scored;
 *   - Accuracy: Online Retail calibrated on its first 9 months, purchases predicted for the rest, against
 *     two baselines, and P(alive) calibration by decile.
 * Options: --customers N (scale run size, default 1,000,000), --only cdnow|scale|accuracy, --threads N.
 */
import { parseArgs } from "node:util";
import { runAccuracy } from "./customers/accuracy.ts";
import { runCdnow } from "./customers/cdnow.ts";
import { runScale } from "./customers/scale.ts";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "1000000" },
    only: { type: "string" },
    threads: { type: "string" },
  },
});
const only = values.only;
if (!only || only === "cdnow") await runCdnow();
if (!only || only === "accuracy") await runAccuracy();
if (!only || only === "scale") {
  await runScale(Number(values.customers), values.threads ? Number(values.threads) : undefined);
}
