/**
 * npm run demo [-- --fresh] [--store online-retail|synthetic] [--orders N] [--seed S] [--port P] [--live-every S]
 *
 * Keel on a laptop with no Shopify: embedded PostgreSQL, the sandbox store (a real shop's year of orders, or
 * a synthetic store), Keel installed into it through the real token exchange, the history imported through
 * bulk operations with a progress bar, and the admin pages at a local URL; then the store keeps taking orders,
 * which reach Keel as signed webhooks. Ctrl-C stops everything; running it again reuses the data; --fresh starts
 * over.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { prepareDatabase } from "../app/db/prepare.server";
import { coreEnv } from "../app/env.server";
import { buildIfStale } from "./build-if-stale";
import { runMain } from "./run-main";
import { progressLine } from "./demo/progress";

interface DemoState {
  apiKey: string;
  apiSecret: string;
  /** The instant the store's history ends at, kept so that a rerun serves the same store. */
  asOf: string;
  store: "online-retail" | "synthetic";
  orders: number;
  seed: number;
}

const usage =
  "usage: npm run demo -- [--fresh] [--store online-retail|synthetic] [--orders N] [--seed S] [--port P] [--live-every SECONDS]";

await runMain("demo", async () => {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      store: { type: "string" },
      orders: { type: "string" },
      seed: { type: "string" },
      port: { type: "string", default: "3000" },
      "live-every": { type: "string", default: "20" },
    },
  });
  if (coreEnv().NODE_ENV === "production") {
    console.error("demo: the demo refuses to run with NODE_ENV=production");
    return 1;
  }
  const store = values.store ?? "online-retail";
  if (store !== "online-retail" && store !== "synthetic") {
    console.error(`demo: --store must be online-retail or synthetic, not '${store}'\n${usage}`);
    return 2;
  }
  const orders = Number(values.orders ?? 20_000);
  const seed = Number(values.seed ?? 1);
  const port = Number(values.port);
  // Seconds between the store's live orders; 0 keeps the store still (the end-to-end test compares totals).
  const liveEvery = Number(values["live-every"]);
  if ([orders, seed, port, liveEvery].some((n) => !Number.isInteger(n) || n < 0) || orders < 1) {
    console.error(`demo: --orders, --seed, --port and --live-every must be whole numbers\n${usage}`);
    return 2;
  }

  const statePath = join(coreEnv().KEEL_DATA_DIR, "demo.json");
  const saved = existsSync(statePath)
    ? (JSON.parse(readFileSync(statePath, "utf8")) as DemoState)
    : undefined;
  const sameStore =
    saved &&
    saved.store === store &&
    (store === "online-retail" || (saved.orders === orders && saved.seed === seed));
  const fresh = values.fresh || !sameStore;
  const state: DemoState = fresh
    ? {
        apiKey: `demo-${randomBytes(8).toString("hex")}`,
        apiSecret: randomBytes(24).toString("hex"),
        asOf: new Date().toISOString(),
        store,
        orders,
        seed,
      }
    : saved!;

  console.log("Starting PostgreSQL and bringing its schema up to date...");
  const { url } = await prepareDatabase();
  const { db } = await import("../app/db.server");

  console.log(
    state.store === "online-retail"
      ? "Loading a real shop's year of orders (UCI Online Retail)..."
      : `Generating a synthetic store of ${state.orders.toLocaleString("en-US")} orders (seed ${state.seed})...`,
  );
  const { loadOnlineRetailStore, generateSyntheticStore } = await import("../sandbox/store/index");
  const asOf = new Date(state.asOf);
  const data =
    state.store === "online-retail"
      ? await loadOnlineRetailStore({ asOf })
      : generateSyntheticStore({ orders: state.orders, seed: state.seed, asOf });
  const domain = data.shop.myshopifyDomain;

  if (fresh) {
    // Starting over: the demo shop's rows go (every table cascades from shops), its sessions too.
    await db.shop.deleteMany({ where: { domain } });
    await db.session.deleteMany({ where: { shop: domain } });
    mkdirSync(coreEnv().KEEL_DATA_DIR, { recursive: true });
    writeFileSync(statePath, JSON.stringify(state, null, 2));
  } else {
    // The sandbox issues new access tokens each time it starts: sign in again through token exchange.
    await db.session.deleteMany({ where: { shop: domain } });
  }

  const { startSandbox } = await import("../sandbox/index");
  const appUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    store: data,
    apiKey: state.apiKey,
    apiSecret: state.apiSecret,
    webhookEndpoint: `${appUrl}/webhooks`,
  });
  const env = {
    DATABASE_URL: url,
    SHOPIFY_API_KEY: state.apiKey,
    SHOPIFY_API_SECRET: state.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_API_ORIGIN: sandbox.origin,
    KEEL_DEMO_SHOP: domain,
  };
  // The worker runs in this process and reads the same settings.
  Object.assign(process.env, env);

  await buildIfStale(() => console.log("Building the app (once)..."));
  const app = startApp(env, port);
  const { quietLogger, startWorker } = await import("../app/jobs.server");
  // A line per job would break the import's progress bar and bury the demo's own lines: problems only.
  const worker = await startWorker({ connectionString: url, concurrency: 2, logger: quietLogger });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Keel...");
    app.kill("SIGTERM");
    await worker.stop();
    await sandbox.close();
    await db.$disconnect();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
  app.once("exit", (code) => {
    if (!stopping) {
      console.error(`demo: the app stopped (exit ${code}); see its output above`);
      void stop(1);
    }
  });

  await waitForApp(appUrl);
  // Installing: the app's /demo route signs a session token as the admin would; Shopify's library exchanges it
  // with the sandbox for an access token and runs the install hook, which queues the backfill.
  const install = await fetch(`${appUrl}/demo`, { redirect: "manual" });
  if (install.status !== 302)
    throw new Error(`installing Keel into the sandbox failed: HTTP ${install.status}`);

  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  await showImportProgress(db, shop.id);
  // The store lives on: an order every `liveEvery` seconds, delivered to Keel as a signed orders/create webhook.
  if (liveEvery > 0) {
    setInterval(() => {
      const order = sandbox.placeOrder(new Date());
      const { amount, currencyCode } = order.totalPriceSet.shopMoney;
      console.log(
        `${new Date().toLocaleTimeString("en-GB")}  new order ${order.name} in the store, ${amount} ${currencyCode}`,
      );
    }, liveEvery * 1000).unref();
  }
  const live =
    liveEvery > 0 ? `; the store places an order every ${liveEvery} s and Keel receives it as a webhook` : "";
  console.log(
    `\nKeel is running with ${shop.name ?? domain}${live}.\n\n  Open ${appUrl}/demo\n\nPress Ctrl-C to stop.`,
  );
  await new Promise(() => {});
});

async function showImportProgress(db: typeof import("../app/db.server").db, shopId: number) {
  const { syncOverview } = await import("../app/sync/sync-status.server");
  const interactive = process.stdout.isTTY;
  let last = "";
  for (;;) {
    const overview = await syncOverview(db, shopId);
    if (overview.syncState === "pending") {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    const line = progressLine(
      overview.runs.map((r) => ({ resource: r.resource, done: r.linesDone, total: r.objectCount })),
    );
    if (interactive) process.stdout.write(`\r${line}`);
    else if (line !== last && overview.syncState !== "backfilling") console.log(line);
    last = line;
    if (overview.syncState === "ready") {
      const skipped = overview.runs.reduce((sum, r) => sum + r.skipped, 0);
      console.log(
        `\nImported: ${overview.runs.map((r) => `${r.resource} ${r.linesDone.toLocaleString("en-US")}`).join(", ")}${skipped ? `; ${skipped} skipped (see the Sync page)` : ""}.`,
      );
      return;
    }
    if (overview.syncState === "failed") {
      console.log(
        `\nThe import stopped: ${overview.syncError}. Keel retries on its own; the Sync page shows where it is.`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function startApp(env: Record<string, string>, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "development" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitForApp(appUrl: string) {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`${appUrl}/healthz`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the app did not answer at ${appUrl}`);
}
