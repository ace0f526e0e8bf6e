import { Logger, runOnce } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { prepareDatabase } from "~/db/prepare.server";
import { closeQueue, crontab, enqueue, taskList } from "~/jobs.server";
import { parseCrontab } from "graphile-worker";
import { loader as healthz } from "~/routes/healthz";
import { seedShop } from "../../support/seed";

afterAll(async () => {
  await closeQueue();
  await db.$disconnect();
});

const silent = new Logger(() => () => {});
const day = 86_400_000;

async function event(
  shopId: number,
  webhookId: string,
  ageDays: number,
  status: "processed" | "skipped" | "failed" | "received",
) {
  await db.webhookEvent.create({
    data: {
      shopId,
      webhookId,
      topic: "orders/create",
      body: { id: 1 },
      status,
      receivedAt: new Date(Date.now() - ageDays * day),
    },
  });
}

describe("the job queue", () => {
  it("schedules the pruning of webhook events daily", () => {
    const [item] = parseCrontab(crontab);
    expect(item.task).toBe("prune-webhook-events");
    expect(item.match).toBeTypeOf("function");
  });

  it("prunes handled webhook events past the retention, keeps recent, waiting and failed ones", async () => {
    await prepareDatabase();
    const a = await seedShop(db, "prune-a.myshopify.com");
    const b = await seedShop(db, "prune-b.myshopify.com");
    await event(a.id, "old-processed", 45, "processed");
    await event(a.id, "old-skipped", 31, "skipped");
    await event(a.id, "old-failed", 60, "failed");
    await event(a.id, "old-waiting", 60, "received");
    await event(a.id, "recent", 2, "processed");
    await event(b.id, "b-old", 40, "processed");

    await enqueue("prune-webhook-events");
    await runOnce({ connectionString: process.env.DATABASE_URL, taskList, logger: silent });

    const left = await db.webhookEvent.findMany({
      select: { webhookId: true },
      orderBy: { webhookId: "asc" },
    });
    expect(left.map((e) => e.webhookId)).toEqual(["old-failed", "old-waiting", "recent"]);
  });
});

describe("/healthz", () => {
  it("answers 200 with the database and the queue when both are fine", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      status: "ok",
      database: { ok: true, pendingMigrations: [], failedMigrations: [] },
      queue: { ok: true, waiting: 0, failed: 0 },
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a queue whose due jobs nobody takes as degraded", async () => {
    await enqueue("prune-webhook-events", {}, { runAt: new Date(Date.now() - 10 * 60_000) });
    const body = await (await healthz()).json();
    expect(body.status).toBe("degraded");
    expect(body.queue.waiting).toBe(1);
    expect(body.queue.oldestWaitingSeconds).toBeGreaterThanOrEqual(600);
  });

  it("answers 503 naming the database when its schema is behind", async () => {
    await db.$executeRawUnsafe(
      "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
    );
    const response = await healthz();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.status).toBe("fail");
    expect(body.database.ok).toBe(false);
    expect(body.database.failedMigrations).toHaveLength(1);
  });
});
