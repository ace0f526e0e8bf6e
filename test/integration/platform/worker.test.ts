// `npm run worker` as a real process: it takes a job from the queue, runs it, and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeQueue, enqueue } from "~/jobs.server";
import { seedShop } from "../../support/seed";

afterAll(async () => {
  await closeQueue();
  await db.$disconnect();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe("npm run worker", () => {
  it("runs queued jobs and exits 0 on SIGTERM", async () => {
    const shop = await seedShop(db, "worker.myshopify.com");
    await db.webhookEvent.create({
      data: {
        shopId: shop.id,
        webhookId: "ancient",
        topic: "orders/create",
        body: {},
        status: "processed",
        receivedAt: new Date(Date.now() - 90 * 86_400_000),
      },
    });
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, WORKER_CONCURRENCY: "2" },
    });
    let output = "";
    worker.stdout.on("data", (chunk) => (output += chunk));
    worker.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));

    await enqueue("prune-webhook-events");
    const pruned = await until(
      async () => (await db.webhookEvent.count({ where: { shopId: shop.id } })) === 0,
      20_000,
    );
    expect(pruned, output).toBe(true);
    // The job logs after its delete has committed: wait for the line rather than race it.
    const logged = await until(
      async () => output.includes("pruned 1 webhook events older than 30 days"),
      10_000,
    );
    expect(logged, output).toBe(true);

    worker.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("received SIGTERM: finishing running jobs, then stopping");
  });
});
