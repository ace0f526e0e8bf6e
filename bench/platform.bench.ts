/**
 * `npm run bench:platform`: the platform's own figures (not a test).
 *   - embedded PostgreSQL: first start (initdb + start), a second process joining it, and stop;
 *   - migrations: applying every migration to an empty database through the WebAssembly schema engine;
 *   - job queue: enqueue and drain N trivial jobs with graphile-worker (jobs/s);
 *   - /healthz: latency percentiles of the health check (database round trip, migration and queue state).
 * Uses DATABASE_URL's server when set (a scratch database `keel_bench` is made and dropped), else a
 * scratch embedded server in a temporary folder. Options: --jobs N (default 20000).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Logger, run, runMigrations } from "graphile-worker";
import pg from "pg";
import { startEmbeddedPostgres } from "../app/db/embedded-postgres.server";
import { applyMigrations } from "../app/db/migrations.server";

const { values } = parseArgs({ options: { jobs: { type: "string", default: "20000" } } });
const jobCount = Number(values.jobs);
const silent = new Logger(() => () => {});

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query("DROP DATABASE IF EXISTS keel_bench WITH (FORCE)");
    await admin.query("CREATE DATABASE keel_bench");
    server.pathname = "/keel_bench";
    return {
      url: server.toString(),
      drop: async () => {
        await admin.query("DROP DATABASE IF EXISTS keel_bench WITH (FORCE)");
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "keel-bench-"));
  chmodSync(dir, 0o755);
  const handle = await startEmbeddedPostgres({ dataDir: dir, port: 54398 });
  return {
    url: handle.url,
    drop: async () => (handle.release(), rmSync(dir, { recursive: true, force: true })),
  };
}

async function benchEmbedded() {
  const dir = mkdtempSync(join(tmpdir(), "keel-bench-embedded-"));
  chmodSync(dir, 0o755);
  let start = performance.now();
  const first = await startEmbeddedPostgres({ dataDir: dir, port: 54397 });
  const cold = ms(start);
  first.release();
  start = performance.now();
  const again = await startEmbeddedPostgres({ dataDir: dir, port: 54397 });
  const warm = ms(start);
  start = performance.now();
  again.release();
  const stop = ms(start);
  rmSync(dir, { recursive: true, force: true });
  console.log(`embedded PostgreSQL: first start (initdb + start) ${cold}, restart ${warm}, stop ${stop}`);
}

async function benchMigrations(url: string) {
  const start = performance.now();
  const applied = await applyMigrations(url);
  console.log(`migrations: ${applied.length} applied to an empty database in ${ms(start)}`);
}

async function benchQueue(url: string) {
  await runMigrations({ connectionString: url, logger: silent });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let start = performance.now();
  const batch = 1000;
  for (let i = 0; i < jobCount; i += batch) {
    await client.query(
      `SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
         SELECT ROW('noop', json_build_object('n', g), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec
         FROM generate_series($1::int, $2::int) g))`,
      [i, Math.min(jobCount, i + batch) - 1],
    );
  }
  await client.end();
  const enqueueSeconds = (performance.now() - start) / 1000;
  let done = 0;
  let finished: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  start = performance.now();
  const runner = await run({
    connectionString: url,
    concurrency: 8,
    logger: silent,
    taskList: {
      noop: async () => {
        if (++done === jobCount) finished();
      },
    },
  });
  await allDone;
  const drainSeconds = (performance.now() - start) / 1000;
  await runner.stop();
  console.log(
    `job queue: ${jobCount.toLocaleString("en-US")} jobs enqueued (batches of ${batch}) in ${enqueueSeconds.toFixed(2)} s ` +
      `(${Math.round(jobCount / enqueueSeconds).toLocaleString("en-US")}/s), drained by one worker ` +
      `(concurrency 8) in ${drainSeconds.toFixed(2)} s (${Math.round(jobCount / drainSeconds).toLocaleString("en-US")} jobs/s)`,
  );
}

async function benchHealth(url: string) {
  process.env.DATABASE_URL = url; // the app's modules read it through env.server.ts
  const { checkHealth } = await import("../app/health.server");
  const { db } = await import("../app/db.server");
  for (let i = 0; i < 20; i++) await checkHealth();
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = performance.now();
    await checkHealth();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `/healthz check: p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, ` +
      `p99 ${percentile(times, 0.99).toFixed(2)} ms over ${times.length} checks`,
  );
  await db.$disconnect();
}

console.log(
  `Keel platform benchmark (node ${process.version}, ${process.env.DATABASE_URL ? "DATABASE_URL server" : "embedded PostgreSQL"})`,
);
await benchEmbedded();
const scratch = await scratchDatabase();
try {
  await benchMigrations(scratch.url);
  await benchQueue(scratch.url);
  await benchHealth(scratch.url);
} finally {
  await scratch.drop();
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
