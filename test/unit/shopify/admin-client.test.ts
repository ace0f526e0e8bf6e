// The Admin API client against a local HTTP server that answers as Shopify's Admin API does (the boundary
// where Shopify sits); response shapes and throttling fields follow shopify.dev's "API rate limits" page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AdminClient, refillMs } from "~/shopify/admin-client.server";
import {
  AdminAuthError,
  AdminGraphqlError,
  AdminResponseShapeError,
  AdminUnavailableError,
  AdminUserErrors,
  assertNoUserErrors,
} from "~/shopify/admin-errors";

type Reply = { status?: number; body: unknown };
let server: Server;
let origin: string;
let replies: Reply[];
let requests: { url: string; token: string | undefined; body: { query: string; variables?: unknown } }[];

beforeEach(async () => {
  replies = [];
  requests = [];
  server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    requests.push({
      url: req.url ?? "",
      token: req.headers["x-shopify-access-token"] as string,
      body: JSON.parse(raw),
    });
    const reply = replies.shift() ?? { status: 500, body: { errors: "no reply scripted" } };
    res.writeHead(reply.status ?? 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

const shopQuery = { name: "ShopName", document: "query ShopName { shop { name } }" };
const ShopName = z.object({ shop: z.object({ name: z.string() }) });

function bucket(currentlyAvailable: number, requested = 10) {
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: requested,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 },
    },
  };
}

function client(sleeps: number[] = []) {
  return new AdminClient({
    shop: "keel-test.myshopify.com",
    accessToken: "shpat_secret",
    origin,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe("AdminClient", () => {
  it("sends the document to the API version's endpoint with the shop's token and parses the answer", async () => {
    replies.push({ body: { data: { shop: { name: "Keel Test" } }, extensions: bucket(1990) } });
    const result = await client().request(shopQuery, { first: 1 }, ShopName);
    expect(result).toEqual({ shop: { name: "Keel Test" } });
    expect(requests[0].url).toBe("/admin/api/2026-07/graphql.json");
    expect(requests[0].token).toBe("shpat_secret");
    expect(requests[0].body).toMatchObject({ query: shopQuery.document, variables: { first: 1 } });
  });

  it("when throttled, waits until the bucket holds the query's cost, then retries", async () => {
    // 1000 points requested, 200 left, 100 restored per second: 8 s to wait.
    replies.push({
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
        extensions: bucket(200, 1000),
      },
    });
    replies.push({ body: { data: { shop: { name: "Keel Test" } }, extensions: bucket(1000, 1000) } });
    const sleeps: number[] = [];
    await expect(client(sleeps).request(shopQuery, {}, ShopName)).resolves.toEqual({
      shop: { name: "Keel Test" },
    });
    expect(sleeps).toEqual([8000]);
    expect(requests).toHaveLength(2);
  });

  it("gives up after the allowed attempts when the store stays throttled", async () => {
    for (let i = 0; i < 6; i++) {
      replies.push({
        body: {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
          extensions: bucket(0, 50),
        },
      });
    }
    await expect(client().request(shopQuery, {}, ShopName)).rejects.toThrow(AdminUnavailableError);
    expect(requests).toHaveLength(6);
  });

  it("waits before sending when the last answer left the bucket nearly empty", async () => {
    replies.push({ body: { data: { shop: { name: "A" } }, extensions: bucket(0) } });
    replies.push({ body: { data: { shop: { name: "B" } }, extensions: bucket(500) } });
    const sleeps: number[] = [];
    const admin = client(sleeps);
    await admin.request(shopQuery, {}, ShopName);
    await admin.request(shopQuery, {}, ShopName);
    // A tenth of the 2000-point bucket at 100 points per second: about 2 s (less the time the test took).
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(1500);
    expect(sleeps[0]).toBeLessThanOrEqual(2000);
  });

  it("retries server errors with backoff, a bounded number of times", async () => {
    replies.push({ status: 502, body: {} }, { status: 503, body: {} });
    replies.push({ body: { data: { shop: { name: "Back" } } } });
    const sleeps: number[] = [];
    await expect(client(sleeps).request(shopQuery, {}, ShopName)).resolves.toEqual({
      shop: { name: "Back" },
    });
    expect(sleeps).toHaveLength(2);
  });

  it("reports a refused token as AdminAuthError without retrying", async () => {
    replies.push({ status: 401, body: { errors: "[API] Invalid API key or access token" } });
    await expect(client().request(shopQuery, {}, ShopName)).rejects.toThrow(AdminAuthError);
    expect(requests).toHaveLength(1);
  });

  it("reports top-level GraphQL errors with their messages", async () => {
    replies.push({
      body: {
        errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED" } }],
      },
    });
    const failure = client().request(shopQuery, {}, ShopName);
    await expect(failure).rejects.toThrow(AdminGraphqlError);
    await expect(failure).rejects.toThrow("ShopName failed: Access denied for orders field.");
  });

  it("refuses an answer of the wrong shape, naming where", async () => {
    replies.push({ body: { data: { shop: { name: 42 } } } });
    await expect(client().request(shopQuery, {}, ShopName)).rejects.toThrow(AdminResponseShapeError);
    replies.push({ body: { data: { shop: { name: 42 } } } });
    await expect(client().request(shopQuery, {}, ShopName)).rejects.toThrow(/at shop\.name/);
  });
});

describe("refillMs", () => {
  it("is the time for the missing points at the restore rate, zero when enough is left", () => {
    expect(refillMs(bucket(200, 1000).cost)).toBe(8000);
    expect(refillMs(bucket(1500, 1000).cost)).toBe(0);
    expect(refillMs(undefined)).toBeUndefined();
  });
});

describe("assertNoUserErrors", () => {
  it("turns userErrors into a typed error listing each field and message", () => {
    expect(() =>
      assertNoUserErrors("tagsAdd", {
        userErrors: [
          { field: ["tags"], message: "Tags is invalid" },
          { field: null, message: "Customer not found" },
        ],
      }),
    ).toThrow(AdminUserErrors);
    expect(() =>
      assertNoUserErrors("tagsAdd", { userErrors: [{ field: ["tags"], message: "Tags is invalid" }] }),
    ).toThrow("tagsAdd was refused: tags: Tags is invalid");
    expect(() => assertNoUserErrors("tagsAdd", { userErrors: [] })).not.toThrow();
  });
});
