// The sandbox's live orders end to end: the store places an order, delivers orders/create signed to the app's
// real /webhooks route (over HTTP), the worker applies it, and Keel holds the order as the store has it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { closeQueue } from "~/jobs.server";
import { startSandbox, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import { runQueuedJobs } from "../../support/webhooks";

const SECRET = "live-orders-secret";
let sandbox: Sandbox;
let app: Server;

beforeAll(async () => {
  vi.stubEnv("SHOPIFY_API_KEY", "key");
  vi.stubEnv("SHOPIFY_API_SECRET", SECRET);
  vi.stubEnv("SHOPIFY_APP_URL", "https://keel.example.com");
  const { action } = await import("~/routes/webhooks");
  // The app's route behind a plain HTTP server, as remix serves it.
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const response = await action({
      request: new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      }),
      params: {},
      context: {},
    });
    res.writeHead(response.status, { "Content-Type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const store = generateSyntheticStore({
    orders: 20,
    seed: 4,
    asOf: new Date("2026-11-30T00:00:00Z"),
    days: 30,
  });
  sandbox = await startSandbox({
    store,
    apiKey: "key",
    apiSecret: SECRET,
    webhookEndpoint: `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`,
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await sandbox.close();
  await new Promise((resolve) => app.close(resolve));
  await closeQueue();
  await db.$disconnect();
});

describe("live orders from the sandbox", () => {
  it("arrive through the signed webhook and are stored as the store has them", async () => {
    const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
    const placed = sandbox.placeOrder(new Date("2026-11-30T09:15:00Z"));
    await sandbox.webhooks!.idle();
    // The order, then the stock it took (one inventory_levels/update per level it drew from).
    const deliveries = sandbox.webhooks!.deliveries.map((d) => [d.topic, d.status]);
    expect(deliveries[0]).toEqual(["orders/create", 200]);
    expect(deliveries.slice(1)).toEqual(deliveries.slice(1).map(() => ["inventory_levels/update", 200]));
    await runQueuedJobs();

    const id = BigInt(placed.id.split("/").pop()!);
    const order = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id } },
      include: { lines: true },
    });
    expect(order.total.toString()).toBe(String(Number(placed.totalPriceSet.shopMoney.amount)));
    expect(order.processedAt.toISOString()).toBe("2026-11-30T09:15:00.000Z");
    expect(order.lines.map((l) => l.quantity).sort()).toEqual(placed.lineItems.map((l) => l.quantity).sort());
    expect(sandbox.store.orders.at(-1)).toBe(placed);
  });
});
