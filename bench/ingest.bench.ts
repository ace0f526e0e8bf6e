/**
 * `npm run bench:ingest`: webhooks under load and faults. A sandbox store installed and imported into Keel;
 * the built app serving /webhooks in its own process, the worker in another; then store changes (orders with
 * the stock they take, refunds, cancellations, deletions, stock counts, product and customer edits), made
 * first and then delivered as signed webhooks, many at once, with duplicates and reordering, while the worker
 * is killed with SIGKILL twice and restarted. At the end Keel's totals and records must equal the store's
 * exactly.
 *
 * Prints accepted webhooks/s, acknowledgement latency (p50, p99, max), events lost (emitted − stored), time to
 * converge, CPU per webhook of each process, and the comparison; exits 1 if anything differs or was lost.
 *
 * Options: --orders N (store size, default 2000), --changes N (default 3000, about 10,000 webhooks),
 * --concurrency N (deliveries in flight, default 32), --duplicates R and --reorders R (default 0.05 each),
 * --kills N (default 2), --worker-concurrency N (default: the app's WORKER_CONCURRENCY), --seed S.
 * Uses DATABASE_URL's server (a scratch database) or a scratch embedded PostgreSQL.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { seededRandom, startSandbox } from "../sandbox/index";
import { generateSyntheticStore } from "../sandbox/store/index";
import { freePort } from "../test/support/ports";
import { startWorkerProcess, type WorkerProcess } from "../test/support/worker-process";
import { buildIfStale } from "../scripts/build-if-stale";
import { startAppProcess } from "./ingest/app-process";
import { cpuMs, postgresCpuMs } from "./ingest/cpu";
import { scratchDatabase } from "./ingest/scratch";
import { ChangeStream } from "./ingest/stream";
import { compareWithStore, describeComparison } from "../test/support/store-comparison";
import { compareFactsWithRebuild } from "../test/support/facts-comparison";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "2000" },
    changes: { type: "string", default: "3000" },
    concurrency: { type: "string", default: "32" },
    duplicates: { type: "string", default: "0.05" },
    reorders: { type: "string", default: "0.05" },
    kills: { type: "string", default: "2" },
    "worker-concurrency": { type: "string" },
    seed: { type: "string", default: "7" },
  },
});
const options = {
  orders: Number(values.orders),
  changes: Number(values.changes),
  concurrency: Number(values.concurrency),
  duplicates: Number(values.duplicates),
  reorders: Number(values.reorders),
  kills: Number(values.kills),
  workerConcurrency: values["worker-concurrency"],
  seed: Number(values.seed),
};
const API_KEY = "bench-ingest";
const API_SECRET = "bench-ingest-secret";
const DATABASE = "keel_bench_ingest";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const count = (n: number) => n.toLocaleString("en-US");
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const scratch = await scratchDatabase(DATABASE);
process.env.DATABASE_URL = scratch.url;
/** The scratch database's name, as its PostgreSQL backends show it (an embedded server's is not DATABASE). */
const scratchName = decodeURIComponent(new URL(scratch.url).pathname.slice(1));
const cleanup: (() => Promise<unknown>)[] = [];
let exitCode = 1;
try {
  if (await buildIfStale()) console.log("Built the app (it was missing or older than app/).");

  const asOf = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
  );
  const store = generateSyntheticStore({ orders: options.orders, seed: options.seed, asOf, days: 120 });
  const appPort = await freePort();
  const sandbox = await startSandbox({
    store,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    bucket: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 },
    webhookEndpoint: `http://127.0.0.1:${appPort}/webhooks`,
    webhookOptions: {
      concurrency: options.concurrency,
      duplicateRate: options.duplicates,
      reorderRate: options.reorders,
      random: seededRandom(options.seed),
      retry: { attempts: 8, baseDelayMs: 100 },
    },
  });
  cleanup.push(() => sandbox.close());
  const lineCount = store.orders.reduce((sum, o) => sum + o.lineItems.length, 0);
  console.log(
    `Sandbox store: ${count(store.orders.length)} orders, ${count(lineCount)} lines, ${store.products.length} products, ${count(store.customers.length)} customers.`,
  );

  // Installed and imported as after the install: the shop's row, then the backfill through bulk operations.
  const { db } = await import("../app/db.server");
  cleanup.push(() => db.$disconnect());
  const { AdminClient } = await import("../app/shopify/admin-client.server");
  const { backfillShop } = await import("../app/sync/backfill/backfill.server");
  const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
  const admin = new AdminClient({
    shop: sandbox.shopDomain,
    accessToken: sandbox.issueAccessToken(),
    origin: sandbox.origin,
  });
  const backfillStart = performance.now();
  await backfillShop({ db, admin, shopId: shop.id, pollIntervalMs: 20 });
  console.log(`Backfilled into Keel in ${seconds(performance.now() - backfillStart)} s.`);

  const env = {
    DATABASE_URL: scratch.url,
    // A killed worker's jobs go back to the queue as soon as its replacement starts.
    WORKER_DEAD_AFTER_SECONDS: "0",
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${appPort}`,
    ...(options.workerConcurrency ? { WORKER_CONCURRENCY: options.workerConcurrency } : {}),
  };
  const app = await startAppProcess(appPort, env);
  cleanup.push(() => app.stop());
  let worker: WorkerProcess = await startWorkerProcess(env);
  cleanup.push(() => worker.kill("SIGTERM"));
  console.log(
    `Keel's web process (built app) and worker process are up. Stream: ${count(options.changes)} changes, ${options.concurrency} deliveries in flight, ${options.duplicates * 100}% duplicated, ${options.reorders * 100}% reordered; the worker (WORKER_CONCURRENCY ${env.WORKER_CONCURRENCY ?? process.env.WORKER_CONCURRENCY ?? "default: a job per core"}, WORKER_NICE ${process.env.WORKER_NICE ?? "default: 10"}) is SIGKILLed ${options.kills} times.`,
  );

  const monitor = new pg.Client({ connectionString: scratch.url });
  await monitor.connect();
  cleanup.push(() => monitor.end());
  const processed = async () =>
    Number(
      (await monitor.query("SELECT count(*) FROM webhook_events WHERE status = 'processed'")).rows[0].count,
    );

  // CPU of every worker incarnation, sampled while it lives (a killed process's figures go with it).
  const workerCpu = new Map<number, number>();
  const sampleWorker = () =>
    workerCpu.set(
      worker.child.pid!,
      Math.max(workerCpu.get(worker.child.pid!) ?? 0, cpuMs(worker.child.pid!)),
    );
  // The store's changes are made, and their webhooks emitted and held, before the clock starts: Shopify makes
  // its changes on its own machines, so only sending them (signing, HTTP) shares these cores with Keel.
  const hooks = sandbox.webhooks!;
  const stream = new ChangeStream(sandbox, options.seed);
  const generating = performance.now();
  hooks.hold();
  for (let made = 0; made < options.changes; made++) stream.next();
  console.log(
    `Made the ${count(options.changes)} changes in ${seconds(performance.now() - generating)} s; their ${count(hooks.deliveries.length)} deliveries are held, then sent.`,
  );

  const cpuStart = {
    app: cpuMs(app.child.pid!),
    postgres: postgresCpuMs(scratchName),
    bench: process.cpuUsage(),
  };
  /** CPU milliseconds of each process since cpuStart (the worker's over all its incarnations). */
  const cpuSinceStart = () => {
    sampleWorker();
    const bench = process.cpuUsage(cpuStart.bench);
    return {
      app: cpuMs(app.child.pid!) - cpuStart.app,
      postgres: postgresCpuMs(scratchName) - cpuStart.postgres,
      worker: [...workerCpu.values()].reduce((a, b) => a + b, 0),
      bench: (bench.user + bench.system) / 1000,
    };
  };

  const kills: string[] = [];
  let killing: Promise<void> | null = null;
  let readyAfterKill = 0; // processed count when the last restarted worker came up
  const killAndRestart = async (when: string) => {
    sampleWorker();
    const t = performance.now();
    const before = await processed();
    await worker.kill("SIGKILL");
    const { rows } = await monitor.query(
      "SELECT count(*) FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL",
    );
    // The restarted worker hands the dead process's locked jobs back to the queue (app/jobs/worker-liveness).
    worker = await startWorkerProcess(env);
    readyAfterKill = await processed();
    kills.push(
      `SIGKILL ${kills.length + 1} ${when}: ${count(before)} events processed, ${rows[0].count} jobs were running; restarted in ${seconds(performance.now() - t)} s`,
    );
  };

  const killAt = Array.from({ length: options.kills }, (_, i) => ((i + 1) * 0.9) / (options.kills + 0.5));
  const total = hooks.deliveries.length;
  const streamStart = performance.now();
  hooks.release();
  let sent = false;
  void hooks.idle().then(() => (sent = true));
  while (!sent) {
    await sleep(10);
    const next = killAt[kills.length];
    if (killing || next === undefined) continue;
    const delivered = hooks.deliveries.filter((d) => d.state === "delivered").length;
    if (delivered >= next * total && (kills.length === 0 || (await processed()) > readyAfterKill)) {
      killing = killAndRestart(
        `during the stream (${Math.round((100 * delivered) / total)}% of deliveries answered)`,
      ).finally(() => (killing = null));
    }
  }
  const streamEnd = performance.now();
  const cpuStream = cpuSinceStart();
  if (killing) await killing;
  while (kills.length < options.kills) await killAndRestart("after the stream, while the worker caught up");

  // Converged: no webhook or fact refresh job left to run (jobs that used every attempt would stay: reported, not waited for).
  let failedJobs = 0;
  let reported = 0;
  for (;;) {
    sampleWorker();
    const { rows } = await monitor.query<{ left: string; failed: string }>(
      `SELECT count(*) AS left, count(*) FILTER (WHERE attempts >= max_attempts) AS failed
       FROM graphile_worker.jobs WHERE task_identifier IN ('process-webhook', 'refresh-facts')`,
    );
    failedJobs = Number(rows[0].failed);
    if (Number(rows[0].left) === failedJobs) break;
    if (performance.now() - streamEnd > 600_000) {
      const { rows: stuck } = await monitor.query(
        `SELECT attempts, max_attempts, locked_by IS NOT NULL AS locked, run_at > now() AS later, left(last_error, 120) AS error,
           count(*) AS jobs
         FROM graphile_worker.jobs WHERE task_identifier IN ('process-webhook', 'refresh-facts') GROUP BY 1, 2, 3, 4, 5 ORDER BY jobs DESC LIMIT 10`,
      );
      console.log(stuck);
      throw new Error("the queue did not drain in 10 minutes");
    }
    if (Math.floor((performance.now() - streamEnd) / 10_000) > reported) {
      reported++;
      console.log(`  ... ${rows[0].left} jobs left, ${count(await processed())} events processed`);
    }
    await sleep(100);
  }
  const convergedAt = performance.now();
  const cpu = cpuSinceStart();

  const deliveries = hooks.deliveries;
  const answered = deliveries.filter((d) => d.state === "delivered");
  const webhooks = new Set(deliveries.filter((d) => d.state !== "dropped").map((d) => d.webhookId));
  const { rows: storedRows } = await monitor.query<{ webhook_id: string }>(
    "SELECT webhook_id FROM webhook_events WHERE shop_id = $1",
    [shop.id],
  );
  const stored = new Set(storedRows.map((r) => r.webhook_id));
  const lost = [...webhooks].filter((id) => !stored.has(id)).length;
  const latencies = answered.map((d) => d.latencyMs!).sort((a, b) => a - b);
  const streamSeconds = (streamEnd - streamStart) / 1000;
  const topics = new Map<string, number>();
  for (const d of deliveries) if (d.copy === 0) topics.set(d.topic, (topics.get(d.topic) ?? 0) + 1);

  console.log(
    `\nChanges: ${Object.entries(stream.counts)
      .map(([kind, n]) => `${kind} ${count(n)}`)
      .join(", ")}.`,
  );
  console.log(
    `Webhooks: ${count(webhooks.size)} (${[...topics]
      .sort((a, b) => b[1] - a[1])
      .map(([topic, n]) => `${topic} ${count(n)}`)
      .join(
        ", ",
      )}); ${count(deliveries.filter((d) => d.copy > 0).length)} duplicate copies, ${count(deliveries.filter((d) => d.copy === 0 && d.reordered).length)} reordered; ${count(deliveries.length)} deliveries.`,
  );
  for (const line of kills) console.log(line);
  console.log(
    `\naccepted: ${count(Math.round(answered.length / streamSeconds))} webhooks/s (${count(answered.length)} deliveries answered 2xx in ${streamSeconds.toFixed(1)} s; ${deliveries.filter((d) => d.state === "failed").length} failed)`,
  );
  console.log(
    `acknowledgement latency: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(`events lost: ${lost} (${count(webhooks.size)} emitted, ${count(stored.size)} stored)`);
  console.log(
    `time to converge: ${seconds(convergedAt - streamEnd)} s after the last acknowledgement (${seconds(convergedAt - streamStart)} s from the first delivery)${failedJobs ? `; ${failedJobs} jobs failed every attempt` : ""}`,
  );
  const perWebhook = (c: typeof cpu) =>
    `web ${(c.app / answered.length).toFixed(2)} ms, PostgreSQL ${(c.postgres / answered.length).toFixed(2)} ms, worker ${(c.worker / answered.length).toFixed(2)} ms, sandbox (this process) ${(c.bench / answered.length).toFixed(2)} ms`;
  console.log(`CPU per delivery during the stream: ${perWebhook(cpuStream)}`);
  console.log(
    `CPU per delivery, stream to convergence: ${perWebhook(cpu)}; machine load average ${loadavg()[0].toFixed(1)} (${cpus().length} cores)`,
  );

  const comparison = await compareWithStore(scratch.url, shop.id, store);
  console.log(`\nKeel against the sandbox store:`);
  for (const line of describeComparison(comparison)) console.log(line);
  const facts = await compareFactsWithRebuild(db, shop.id);
  console.log(
    `  daily facts       ${count(facts.rows)} rows kept by the handlers and refreshes, ${facts.differences.length === 0 ? "equal to a rebuild from the raw rows" : `DIFFERENT from a rebuild:\n    ${facts.differences.slice(0, 10).join("\n    ")}`}`,
  );
  const ok = comparison.equal && facts.differences.length === 0 && lost === 0 && failedJobs === 0;
  console.log(ok ? "\ntotals match: yes (exact)" : "\ntotals match: NO");
  exitCode = ok ? 0 : 1;
} finally {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await scratch.drop();
}
process.exit(exitCode);
