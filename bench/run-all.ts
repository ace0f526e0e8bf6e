/** `npm run bench`: every benchmark, one after another, each in its own process so that memory figures are its own. */
import { spawnSync } from "node:child_process";

const benches = ["platform", "sandbox", "backfill", "ingest", "forecast", "customers", "experiments"];
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench:${name}`);
  const result = spawnSync("npx", ["tsx", `bench/${name}.bench.ts`], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
