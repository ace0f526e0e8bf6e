// The webhook emitter's switches for streams: dropped deliveries (never sent), reordered ones (overtaken by later
// deliveries, by count or at a seeded rate), and several deliveries in flight at once. A local receiver records
// what arrives, and can hold answers to see how many requests are open at the same time.
import { createHmac } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  seededRandom,
  WebhookEmitter,
  type WebhookEmitterOptions,
} from "../../../../sandbox/server/webhooks";

const SECRET = "switches-secret";

let server: Server;
let endpoint: string;
/** Bodies received, in arrival order, of correctly signed deliveries. */
let received: string[] = [];
/** With `holding`, answers wait here until released. */
let holding = false;
let held: ServerResponse[] = [];
let open = 0;
let mostOpen = 0;
let onArrival: (() => void) | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const signature = createHmac("sha256", SECRET).update(raw).digest("base64");
      if (request.headers["x-shopify-hmac-sha256"] === signature) received.push(raw.toString("utf8"));
      response.on("finish", () => open--);
      if (holding) held.push(response);
      else response.end("{}");
      onArrival?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  holding = false;
  held = [];
  open = 0;
  mostOpen = 0;
  onArrival = undefined;
});

const emitter = (options: Partial<WebhookEmitterOptions> = {}) =>
  new WebhookEmitter({
    shopDomain: "switches.myshopify.com",
    apiSecret: SECRET,
    apiVersion: "2026-07",
    endpoint,
    ...options,
  });
const ids = () => received.map((body) => (JSON.parse(body) as { id: number }).id);

/** Resolves once `n` requests are held open by the receiver. */
const heldCount = (n: number) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (held.length >= n) resolve();
    };
    onArrival = check;
    check();
  });

describe("WebhookEmitter switches", () => {
  it("drops a delivery asked to be dropped: it is recorded, never sent", async () => {
    const hooks = emitter();
    const [dropped] = hooks.emit("orders/create", '{"id":1}', { drop: true, duplicate: 2 });
    hooks.emit("orders/create", '{"id":2}');
    await hooks.idle();
    expect(ids()).toEqual([2]);
    expect(dropped).toMatchObject({ state: "dropped", attempts: 0, status: null });
    expect(hooks.deliveries.map((d) => d.state)).toEqual(["dropped", "delivered"]);
  });

  it("drops deliveries at dropRate, the same ones for the same seed", async () => {
    const run = async () => {
      received = [];
      const hooks = emitter({ random: seededRandom(5), dropRate: 0.3 });
      for (let i = 0; i < 20; i++) hooks.emit("orders/updated", `{"id":${i}}`);
      await hooks.idle();
      const dropped = hooks.deliveries.filter((d) => d.state === "dropped").map((d) => JSON.parse(d.body).id);
      return { dropped, arrived: ids() };
    };
    const first = await run();
    expect(first.dropped.length).toBeGreaterThan(0);
    expect(first.dropped.length).toBeLessThan(20);
    expect([...first.dropped, ...first.arrived].sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await run()).toEqual(first);
  });

  it("lets a reordered delivery be overtaken by that many later ones", async () => {
    const hooks = emitter();
    const [late] = hooks.emit("orders/updated", '{"id":1}', { reorder: 2 });
    for (let i = 2; i <= 5; i++) hooks.emit("orders/updated", `{"id":${i}}`);
    await hooks.idle();
    expect(ids()).toEqual([2, 3, 1, 4, 5]);
    expect(late).toMatchObject({ state: "delivered", reordered: 2 });

    // With nothing later to let pass, it still goes.
    received = [];
    const alone = emitter();
    alone.emit("orders/updated", '{"id":9}', { reorder: 3 });
    await alone.idle();
    expect(ids()).toEqual([9]);
  });

  it("reorders at reorderRate, the same way for the same seed, losing nothing", async () => {
    const run = async () => {
      received = [];
      const hooks = emitter({ random: seededRandom(11), reorderRate: 0.2 });
      for (let i = 0; i < 30; i++) hooks.emit("orders/updated", `{"id":${i}}`);
      await hooks.idle();
      return { arrived: ids(), reordered: hooks.deliveries.filter((d) => d.reordered).length };
    };
    const first = await run();
    expect(first.reordered).toBeGreaterThan(0);
    expect(first.arrived).not.toEqual([...Array(30).keys()]);
    expect([...first.arrived].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    expect(await run()).toEqual(first);
  });

  it("keeps `concurrency` deliveries in flight, and one at a time by default", async () => {
    for (const concurrency of [undefined, 4]) {
      received = [];
      held = [];
      mostOpen = 0;
      holding = true;
      const hooks = emitter(concurrency ? { concurrency } : {});
      for (let i = 0; i < 10; i++) hooks.emit("orders/updated", `{"id":${i}}`);
      const width = concurrency ?? 1;
      await heldCount(width);
      // While the receiver holds the first answers, the rest wait in the emitter's queue.
      expect(hooks.deliveries.filter((d) => d.state === "sending")).toHaveLength(width);
      expect(hooks.deliveries.filter((d) => d.state === "queued")).toHaveLength(10 - width);
      holding = false;
      for (const response of held.splice(0)) response.end("{}");
      await hooks.idle();
      expect(mostOpen).toBe(width);
      expect([...ids()].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
      expect(hooks.deliveries.every((d) => d.state === "delivered" && d.latencyMs !== null)).toBe(true);
    }
  });
});
