// Webhooks and a worker that dies: the sandbox store changes (orders with the stock they take, refunds,
// cancellations, a deletion, stock counts, product and customer edits), delivers a burst of signed webhooks,
// some duplicated and reordered, to the endpoint as `npm start` serves it; Keel's worker runs as a real child
// process (`npm run worker`) and is killed with SIGKILL in the middle of a job's transaction, then restarted.
// Afterwards Keel's tables equal the store exactly.
import { getPriority } from "node:os";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { seededRandom, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import { compareFactsWithRebuild } from "../../support/facts-comparison";
import { installAndImport, startSandboxWithEndpoint } from "../../support/sandbox-endpoint";
import { compareWithStore, describeComparison } from "../../support/store-comparison";
import { startWorkerProcess, type WorkerProcess } from "../../support/worker-process";

const SECRET = "worker-faults-secret";
const url = process.env.DATABASE_URL!;
let sandbox: Sandbox;
let close: () => Promise<void>;
let worker: WorkerProcess | undefined;
let sql: pg.Client;
/** Holds a row lock in a transaction of its own (statistics views read inside a transaction stay frozen). */
let holder: pg.Client;

beforeAll(async () => {
  ({ sandbox, close } = await startSandboxWithEndpoint({
    secret: SECRET,
    store: generateSyntheticStore({ orders: 80, seed: 12, asOf: new Date(Date.UTC(2026, 10, 30)), days: 60 }),
    webhookOptions: {
      concurrency: 8,
      duplicateRate: 0.1,
      reorderRate: 0.1,
      random: seededRandom(3),
    },
  }));
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
  holder = new pg.Client({ connectionString: url });
  await holder.connect();
});

afterAll(async () => {
  await holder.query("ROLLBACK").catch(() => undefined);
  await worker?.kill("SIGKILL");
  await close();
  await sql.end();
  await holder.end();
  await db.$disconnect();
});

const count = async (query: string, values: unknown[] = []) =>
  Number((await sql.query(query, values)).rows[0].count);
/** Polls `done` until it holds (the worker works at its own pace); after a minute, fails with what it saw. */
async function until(what: string, done: () => Promise<boolean>) {
  for (let i = 0; i < 1200; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seen = [
    ...(
      await sql.query(
        "SELECT state, wait_event_type, left(query, 140) AS query FROM pg_stat_activity WHERE state <> 'idle'",
      )
    ).rows,
    ...(
      await sql.query(
        "SELECT topic, status, attempts, left(error, 200) AS error, count(*) FROM webhook_events GROUP BY 1, 2, 3, 4",
      )
    ).rows,
    ...(
      await sql.query(
        "SELECT task_identifier, locked_by, attempts, left(last_error, 300) AS error FROM graphile_worker.jobs",
      )
    ).rows,
  ];
  throw new Error(
    `gave up waiting: ${what}\n${seen.map((r) => JSON.stringify(r)).join("\n")}\n${worker?.output().slice(-3000)}`,
  );
}

describe("a worker killed in the middle of a burst of webhooks", () => {
  it("is restarted, and Keel's tables converge exactly on the store", { timeout: 120_000 }, async () => {
    const shopId = await installAndImport(sandbox);
    const store = sandbox.store;
    const imported = store.orders.slice();

    // The burst, held until every change is made, then released in a shuffled order (on top of the
    // emitter's seeded duplicates and reorders): a refund may come before the order it updates.
    const hooks = sandbox.webhooks!;
    hooks.hold();
    const blocked = imported[5];
    sandbox.refundOrder(blocked.id, { restock: true });
    for (let i = 0; i < 25; i++) sandbox.placeOrder(new Date(Date.UTC(2026, 10, 30, 9, i)));
    for (const order of imported.slice(10, 16)) {
      sandbox.refundOrder(order.id, {
        lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }],
        restock: false,
      });
    }
    sandbox.cancelOrder(imported[20].id, { restock: true });
    sandbox.deleteOrder(imported[21].id);
    for (const [i, product] of store.products.slice(0, 8).entries()) {
      const item = product.variants[0].inventoryItem;
      sandbox.adjustInventory(item.id, item.inventoryLevels[0].location.id, i % 2 ? 7 : -3);
      sandbox.editProduct(product.id, { title: `${product.title} II`, tags: ["burst"] });
    }
    for (const customer of store.customers.slice(0, 6))
      sandbox.editCustomer(customer.id, { tags: ["burst"] });
    const buyer = sandbox.createCustomer({ firstName: "Late" });
    sandbox.placeOrder(new Date(Date.UTC(2026, 10, 30, 10)), { customerId: buyer.id });
    const webhooks = new Set(hooks.deliveries.map((d) => d.webhookId));
    expect(hooks.deliveries.some((d) => d.copy > 0)).toBe(true);
    expect(hooks.deliveries.some((d) => d.reordered)).toBe(true);

    // A transaction of the test's holds the refunded order's row: the worker's job for its orders/updated
    // blocks inside its own transaction, where the kill finds it.
    await holder.query("BEGIN");
    await holder.query("SELECT id FROM orders WHERE shop_id = $1 AND id = $2 FOR UPDATE", [
      shopId,
      blocked.id.split("/").pop(),
    ]);
    worker = await startWorkerProcess({ DATABASE_URL: url, WORKER_CONCURRENCY: "4" });
    hooks.release({ reorder: true });
    await hooks.idle();
    expect(hooks.deliveries.every((d) => d.state === "delivered")).toBe(true);
    expect(await count("SELECT count(*) FROM webhook_events WHERE shop_id = $1", [shopId])).toBe(
      webhooks.size,
    );

    await until("the worker to block on the held order and get on with the rest", async () => {
      const waiting = await count(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      const processed = await count("SELECT count(*) FROM webhook_events WHERE status = 'processed'");
      return waiting > 0 && processed >= webhooks.size / 3;
    });
    await worker.kill("SIGKILL");
    await holder.query("ROLLBACK");
    const running = await count("SELECT count(*) FROM graphile_worker.jobs WHERE locked_by IS NOT NULL");
    expect(running).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM webhook_events WHERE status <> 'processed'")).toBeGreaterThan(0);

    // The restarted worker finds the dead one's locked jobs (its liveness lock died with it) and hands them
    // back to the queue; then the queue drains.
    worker = await startWorkerProcess({
      DATABASE_URL: url,
      WORKER_CONCURRENCY: "4",
      WORKER_DEAD_AFTER_SECONDS: "0",
    });
    await until(
      "the queue to drain",
      async () =>
        (await count(
          "SELECT count(*) FROM graphile_worker.jobs WHERE task_identifier IN ('process-webhook', 'refresh-facts')",
        )) === 0,
    );

    expect(worker.output()).toMatch(/jobs of dead workers worker-\w+/);
    // It runs below the web process's CPU priority (WORKER_NICE, 10 unless set).
    expect(getPriority(worker.child.pid!)).toBe(10);
    expect(await count("SELECT count(*) FROM webhook_events WHERE status <> 'processed'")).toBe(0);
    // The job the kill interrupted inside its transaction ran again, and its order is the store's.
    const { rows: interrupted } = await sql.query(
      "SELECT attempts FROM webhook_events WHERE topic = 'orders/updated' AND body->>'id' = $1",
      [blocked.id.split("/").pop()],
    );
    expect(interrupted).toEqual([{ attempts: 2 }]);
    const comparison = await compareWithStore(url, shopId, store);
    expect(describeComparison(comparison).filter((line) => /DIFFERENT|differ$|: sandbox/.test(line))).toEqual(
      [],
    );
    expect(comparison.equal).toBe(true);
    // The daily facts, refreshed by their own jobs through the kill, are what a rebuild from the rows gives.
    expect((await compareFactsWithRebuild(db, shopId)).differences).toEqual([]);
  });
});
