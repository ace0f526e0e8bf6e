/**
 * `npm run bench:backfill`: the install backfill of a synthetic store of about 1,000,000 order lines through the
 * sandbox's bulk operations (JSONL streamed into batched upserts). Prints order lines per second, the time of
 * each resource, and the importer's peak RSS (the sandbox, and the migrations of the scratch database, run in
 * child processes: a worker that imports a shop does not usually carry the schema engine).
 * Options: --orders N (default 200,000: about a million lines), --batch N (rows per transaction; default the
 * backfill's own).
 * Uses DATABASE_URL's server (a scratch database) or a scratch embedded PostgreSQL.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "../app/db/embedded-postgres.server";

const { values } = parseArgs({
  options: { orders: { type: "string", default: "200000" }, batch: { type: "string" } },
});

async function scratchDatabase() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query("DROP DATABASE IF EXISTS keel_bench_backfill WITH (FORCE)");
    await admin.query("CREATE DATABASE keel_bench_backfill");
    url.pathname = "/keel_bench_backfill";
    return {
      url: url.toString(),
      drop: async () => (
        await admin.query("DROP DATABASE keel_bench_backfill WITH (FORCE)"),
        await admin.end()
      ),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "keel-bench-backfill-"));
  chmodSync(dir, 0o755);
  const handle = await startEmbeddedPostgres({ dataDir: dir, port: 54396 });
  return {
    url: handle.url,
    drop: async () => (handle.release(), rmSync(dir, { recursive: true, force: true })),
  };
}

const scratch = await scratchDatabase();
process.env.DATABASE_URL = scratch.url;
const migrating = spawn(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts", "apply"], {
  stdio: ["ignore", "ignore", "inherit"],
});
const migrated = await new Promise<number | null>((resolve) => migrating.once("exit", resolve));
if (migrated !== 0) throw new Error(`the migrations of the scratch database failed (exit ${migrated})`);

console.log(
  `Generating a synthetic store of ${Number(values.orders).toLocaleString("en-US")} orders in the sandbox process...`,
);
const child = spawn(
  process.execPath,
  ["--import", "tsx", "bench/backfill/sandbox-process.ts", values.orders],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const ready = await new Promise<{
  origin: string;
  shopDomain: string;
  accessToken: string;
  lineItems: number;
  orders: number;
}>((resolve) => createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line))));
console.log(
  `sandbox ready: ${ready.orders.toLocaleString("en-US")} orders, ${ready.lineItems.toLocaleString("en-US")} order lines`,
);

const { db } = await import("../app/db.server");
const { AdminClient } = await import("../app/shopify/admin-client.server");
const { backfillShop } = await import("../app/sync/backfill/backfill.server");
const shop = await db.shop.create({ data: { domain: ready.shopDomain } });
const admin = new AdminClient({
  shop: ready.shopDomain,
  accessToken: ready.accessToken,
  origin: ready.origin,
});

const started = new Map<string, number>();
const finished = new Map<string, number>();
const t0 = performance.now();
const summary = await backfillShop({
  db,
  admin,
  shopId: shop.id,
  pollIntervalMs: 100,
  batchSize: values.batch === undefined ? undefined : Number(values.batch),
  onProgress: ({ resource, linesDone, objectCount }) => {
    if (!started.has(resource)) started.set(resource, performance.now());
    if (process.env.BENCH_TRACE)
      console.log(resource, linesDone, objectCount, ((performance.now() - t0) / 1000).toFixed(1));
    if (objectCount > 0 && linesDone >= objectCount) finished.set(resource, performance.now());
  },
});
const total = (performance.now() - t0) / 1000;
const lines = await db.orderLine.count({ where: { shopId: shop.id } });
const ordersSeconds = ((finished.get("orders") ?? performance.now()) - (started.get("orders") ?? t0)) / 1000;

for (const r of summary.resources) {
  console.log(
    `  ${r.resource.padEnd(10)} ${r.lines.toLocaleString("en-US").padStart(10)} JSONL lines, ${r.imported.toLocaleString("en-US")} rows, ${r.skipped} skipped`,
  );
}
console.log(
  `order lines imported: ${lines.toLocaleString("en-US")} of ${ready.lineItems.toLocaleString("en-US")}`,
);
console.log(
  `orders resource (bulk operation + download + upserts): ${ordersSeconds.toFixed(1)} s = ${Math.round(lines / ordersSeconds).toLocaleString("en-US")} order lines/s`,
);
console.log(
  `whole backfill: ${total.toFixed(1)} s = ${Math.round(lines / total).toLocaleString("en-US")} order lines/s`,
);
console.log(`importer peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

child.stdin!.end();
await db.$disconnect();
await scratch.drop();
