// POST /webhooks as `npm start` serves it (scripts/serve.ts mounts app/sync/webhooks/node-endpoint.server.ts ahead
// of Remix), over real HTTP, signed by the test's own HMAC: the same refusals as the Remix route, one stored event
// and one job per webhook id however many copies arrive at once, and a job exactly as enqueueWebhook makes it.
import { createHmac } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeQueue, enqueueWebhook } from "~/jobs.server";
import { MAX_WEBHOOK_BYTES } from "~/sync/webhooks/inbox.server";
import { webhookListener } from "~/sync/webhooks/node-endpoint.server";
import { seedShop } from "../../support/seed";

const SECRET = "node-endpoint-secret";
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer(webhookListener(() => ({ secret: SECRET })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeQueue();
  await db.$disconnect();
});

const sign = (raw: Buffer, secret = SECRET) => createHmac("sha256", secret).update(raw).digest("base64");

let next = 1;
/** One delivery; `chunks` sends the body in pieces without a Content-Length (chunked transfer encoding). */
function deliver(
  shop: string,
  topic: string,
  body: string | Buffer,
  options: {
    webhookId?: string;
    secret?: string;
    method?: string;
    chunks?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/webhooks",
        method: options.method ?? "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": topic,
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-Webhook-Id": options.webhookId ?? `node-${next++}`,
          "X-Shopify-API-Version": "2026-07",
          "X-Shopify-Event-Id": "event-1",
          "X-Shopify-Triggered-At": "2026-11-30T08:00:00.000Z",
          "X-Shopify-Hmac-Sha256": sign(raw, options.secret),
          ...(options.chunks ? {} : { "Content-Length": String(raw.byteLength) }),
          ...options.headers,
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () =>
          resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(parts).toString("utf8")) }),
        );
      },
    );
    // The server may answer (413) and close before the whole body is sent.
    req.on("error", reject);
    if (options.chunks) {
      const size = Math.ceil(raw.byteLength / options.chunks);
      for (let i = 0; i < raw.byteLength; i += size) req.write(raw.subarray(i, i + size));
      req.end();
    } else req.end(raw);
  });
}

const events = (shopId: number) => db.webhookEvent.count({ where: { shopId } });
const jobs = async (key: string) =>
  db.$queryRaw<{ task_identifier: string; key: string; max_attempts: number; payload: unknown }[]>`
    SELECT t.identifier AS task_identifier, j.key, j.max_attempts, j.payload
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE j.key = ${key}`;

describe("POST /webhooks outside Remix", () => {
  it("stores a signed delivery with its headers and queues the job enqueueWebhook would", async () => {
    const shop = await seedShop(db, "node-inbox.myshopify.com");
    const body = '{"id": 9007199254740993, "note": "exact"}';
    expect(await deliver(shop.domain, "orders/delete", body, { webhookId: "first" })).toEqual({
      status: 200,
      body: { received: true },
    });
    expect(await deliver(shop.domain, "orders/delete", body, { webhookId: "first" })).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    const event = await db.webhookEvent.findUniqueOrThrow({
      where: { shopId_webhookId: { shopId: shop.id, webhookId: "first" } },
    });
    expect(event).toMatchObject({
      topic: "orders/delete",
      apiVersion: "2026-07",
      eventId: "event-1",
      triggeredAt: new Date("2026-11-30T08:00:00.000Z"),
      status: "received",
    });
    const [{ id }] = await db.$queryRaw<{ id: string }[]>`
      SELECT body->>'id' AS id FROM webhook_events WHERE webhook_id = 'first'`;
    expect(id).toBe("9007199254740993");

    // The inbox's job is the job enqueueWebhook makes for the same event (which the Sync page's replay uses).
    const inboxJob = await jobs(`webhook:${shop.id}:first`);
    expect(inboxJob).toHaveLength(1);
    await enqueueWebhook({ shopId: shop.id, webhookId: "by-the-client" });
    const [clientJob] = await jobs(`webhook:${shop.id}:by-the-client`);
    expect(inboxJob[0]).toEqual({
      ...clientJob,
      key: `webhook:${shop.id}:first`,
      payload: { shopId: shop.id, webhookId: "first" },
    });
  });

  it("refuses what the Remix route refuses, storing nothing", async () => {
    const shop = await seedShop(db, "node-picky.myshopify.com");
    const refusals = [
      [await deliver(shop.domain, "orders/delete", "{}", { secret: "forged" }), 401],
      [await deliver(shop.domain, "orders/delete", "{}", { headers: { "X-Shopify-Hmac-Sha256": "" } }), 401],
      [await deliver(shop.domain, "carts/update", "{}"), 400],
      [await deliver(shop.domain, "orders/delete", "{not json"), 400],
      [await deliver(shop.domain, "orders/delete", "{}", { headers: { "X-Shopify-Webhook-Id": "" } }), 400],
      [await deliver("stranger.myshopify.com", "app/uninstalled", "{}"), 404],
      [await deliver(shop.domain, "orders/delete", "{}", { method: "GET" }), 405],
    ] as const;
    expect(refusals.map(([answer, status]) => [answer.status, status])).toEqual(
      refusals.map(([, status]) => [status, status]),
    );
    expect(refusals[0][0].body).toEqual({
      error: "the HMAC signature is missing or does not match the body",
    });
    expect(await deliver("stranger.myshopify.com", "shop/redact", "{}")).toEqual({
      status: 200,
      body: { received: true, note: "Keel holds no data of this shop" },
    });
    expect(await events(shop.id)).toBe(0);
  });

  it("answers 413 past the size limit, whether Content-Length says so or the body runs on", async () => {
    const shop = await seedShop(db, "node-large.myshopify.com");
    const huge = JSON.stringify({ note: "x".repeat(MAX_WEBHOOK_BYTES) });
    const tooLarge = { status: 413, body: { error: `the body is larger than ${MAX_WEBHOOK_BYTES} bytes` } };
    expect(await deliver(shop.domain, "orders/delete", huge)).toEqual(tooLarge);
    expect(await deliver(shop.domain, "orders/delete", huge, { chunks: 8 })).toEqual(tooLarge);
    const fits = JSON.stringify({ note: "x".repeat(MAX_WEBHOOK_BYTES - 20) });
    expect((await deliver(shop.domain, "orders/delete", fits, { chunks: 8 })).status).toBe(200);
    expect(await events(shop.id)).toBe(1);
  });

  it("stores each of many concurrent deliveries once, copies of one webhook included, with one job each", async () => {
    const shop = await seedShop(db, "node-busy.myshopify.com");
    const deliveries = Array.from({ length: 60 }, (_, i) => ({
      webhookId: `busy-${i % 40}`, // 20 webhooks delivered twice, at the same time
      body: JSON.stringify({ id: 1000 + (i % 40) }),
    }));
    // A body PostgreSQL's jsonb refuses (a NUL character) is refused alone, not the deliveries beside it.
    const answers = await Promise.all([
      ...deliveries.map((d) => deliver(shop.domain, "orders/delete", d.body, { webhookId: d.webhookId })),
      deliver(shop.domain, "orders/delete", '{"note": "\\u0000"}', { webhookId: "nul" }),
    ]);
    const nul = answers.pop()!;
    expect(nul).toEqual({
      status: 400,
      body: { error: "the body cannot be stored: unsupported Unicode escape sequence" },
    });
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.duplicate).length).toBe(20);
    expect(await events(shop.id)).toBe(40);
    const [{ queued }] = await db.$queryRaw<{ queued: bigint }[]>`
      SELECT count(*) AS queued FROM graphile_worker._private_jobs WHERE key LIKE ${`webhook:${shop.id}:%`}`;
    expect(Number(queued)).toBe(40);
  });
});
