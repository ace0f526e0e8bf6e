/**
 * `npx tsx bench/sandbox-data.bench.ts`: how long the sandbox store's data takes to build, and its peak memory
 * (not a test). Builds, each in its own child process so that peak RSS is that build's alone:
 *   - the full Online Retail replay (541,909 rows, streamed from data/online-retail);
 *   - a synthetic store of about 1,000,000 order lines (orders = lines / (1 + EXTRA_LINES_MEAN)).
 * Options: --lines N (default 1000000), --seed S (default 1). Prints time, peak RSS, heap after build, counts.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    child: { type: "string" },
  },
});

const asOf = new Date("2026-11-30T12:00:00Z"); // fixed, so that every run builds the same store

async function buildInChild(kind: string) {
  const started = performance.now();
  let counts: Record<string, number>;
  if (kind === "replay") {
    const { loadOnlineRetailStore } = await import("../sandbox/store/index.ts");
    counts = (await loadOnlineRetailStore({ asOf })).report.counts;
  } else {
    const { generateSyntheticStore } = await import("../sandbox/store/index.ts");
    const { EXTRA_LINES_MEAN } = await import("../sandbox/store/synthetic.ts");
    const orders = Math.round(Number(values.lines) / (1 + EXTRA_LINES_MEAN));
    counts = generateSyntheticStore({ orders, seed: Number(values.seed), asOf }).report.counts;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  // maxRSS is the process's peak resident set in KiB (getrusage), module loading included.
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, heapMb, peakMb, counts }));
}

function run(kind: string, label: string) {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", kind, ...passOn()],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) {
    console.error(child.stderr);
    throw new Error(`${label} failed`);
  }
  const result = JSON.parse(child.stdout);
  const c = result.counts;
  console.log(`${label}`);
  console.log(
    `  build ${result.seconds.toFixed(2)} s wall (${result.cpuSeconds.toFixed(2)} s CPU, process total), ` +
      `peak RSS ${result.peakMb.toFixed(0)} MB, heap after build ${result.heapMb.toFixed(0)} MB`,
  );
  console.log(
    `  ${c.orders} orders, ${c.lineItems} order lines (${(c.lineItems / result.seconds).toFixed(0)} lines/s), ` +
      `${c.products} products, ${c.variants} variants, ${c.customers} customers, ${c.refunds} refunds, ` +
      `${c.inventoryDays} inventory days`,
  );
}

function passOn(): string[] {
  return ["--lines", String(values.lines), "--seed", String(values.seed)];
}

if (values.child) {
  await buildInChild(values.child);
} else {
  console.log(`sandbox store data (asOf ${asOf.toISOString()}, ${process.version})`);
  run("replay", "Online Retail replay (541,909 rows)");
  run(
    "synthetic",
    `synthetic store, ~${Number(values.lines).toLocaleString("en-GB")} order lines, seed ${values.seed}`,
  );
}
