/**
 * The sandbox's HTTP face: the three URLs an app reaches on a Shopify store. Token exchange at
 * `/admin/oauth/access_token`, the Admin GraphQL API at `/admin/api/<version>/graphql.json` (any version is
 * answered with the 2025-01 schema), and bulk operation result files, streamed from disk. Every request is
 * recorded in `calls`; `failNext` makes the next requests of a kind fail with a chosen HTTP status.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxStore } from "../store/types";
import { BulkOperations, type BulkErrorCode } from "./bulk";
import { recordCall, type SandboxCall, type SandboxCallKind } from "./calls";
import { CostBucket } from "./cost";
import { adminSchema, runGraphql } from "./graphql";
import { StoreChanges, storeChangeApi, type StoreChangeApi } from "./store-api";
import { WebhookEmitter, type WebhookEmitterOptions } from "./webhooks";
import { StoreIndex } from "./store-index";
import { TokenRegistry } from "./token-exchange";

export interface SandboxOptions {
  store: SandboxStore;
  /** The app's client id and secret, as in shopify.app.toml and the app's environment. */
  apiKey: string;
  apiSecret: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The cost bucket; Shopify's defaults for the sandbox: 2000 points, 100 restored per second. */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Pause between bulk operation chunks (default 0). */
  chunkDelayMs?: number;
  /** Root objects per bulk chunk (default 500). */
  chunkSize?: number;
  /** The scopes granted at install (default: Keel's shopify.app.toml scopes). */
  scopes?: string;
  /** The app's webhook URL: with it, changes to the store are delivered as signed webhooks (WEBHOOKS.md). */
  webhookEndpoint?: string;
  /** The emitter's switches: concurrency, duplicate/drop/reorder rates, seed, retries (WEBHOOKS.md). */
  webhookOptions?: Omit<WebhookEmitterOptions, "shopDomain" | "apiSecret" | "endpoint" | "apiVersion">;
}

/** Kinds of request that `failNext` can make fail. */
export type FailureKind = "graphql" | "token-exchange" | "bulk-download";

/** The running sandbox; its store-change methods (placeOrder, refundOrder, ...) are in store-api.ts. */
export interface Sandbox extends StoreChangeApi {
  /** `http://127.0.0.1:<port>`: give it to the Admin API client as its origin. */
  origin: string;
  /** The shop's myshopify domain, from the store. */
  shopDomain: string;
  calls: SandboxCall[];
  store: SandboxStore;
  /** The cost bucket, to inspect or drain (`bucket.set(0)`) in tests. */
  bucket: CostBucket;
  /** An offline access token issued without token exchange, for tests and benchmarks. */
  issueAccessToken(): string;
  /** The next `times` requests of `kind` are answered with HTTP `status` and an error body. */
  failNext(kind: FailureKind, status: number, times?: number): void;
  /** The next bulk operation fails with `errorCode` once `afterObjects` objects were written. */
  failNextBulkOperation(errorCode?: BulkErrorCode, afterObjects?: number): void;
  /** Resolves when no bulk operation is running. */
  bulkIdle(): Promise<void>;
  /** The webhook emitter, when a webhook endpoint was given. */
  webhooks: WebhookEmitter | null;
  close(): Promise<void>;
}

const DEFAULT_SCOPES =
  "read_products,read_inventory,read_orders,read_customers,write_customers,write_pixels,read_customer_events";
const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const UNKNOWN_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

/** Starts the sandbox Admin API for `options.store`. */
export async function startSandboxServer(options: SandboxOptions): Promise<Sandbox> {
  const schema = adminSchema();
  const index = new StoreIndex(options.store);
  const shopDomain = options.store.shop.myshopifyDomain;
  const bucket = new CostBucket(options.bucket?.maximumAvailable ?? 2000, options.bucket?.restoreRate ?? 100);
  const tokens = new TokenRegistry({
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    shopDomain,
    scopes: options.scopes ?? DEFAULT_SCOPES,
  });
  let origin = "";
  const bulk = new BulkOperations({
    schema,
    index,
    origin: () => origin,
    chunkDelayMs: options.chunkDelayMs,
    chunkSize: options.chunkSize,
  });
  const calls: SandboxCall[] = [];
  const failures = new Map<FailureKind, { status: number; times: number }>();

  const takeFailure = (kind: FailureKind) => {
    const failure = failures.get(kind);
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) failures.delete(kind);
    return failure.status;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = new Date();
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    const record = (kind: SandboxCallKind, status: number, extra: Partial<SandboxCall> = {}) =>
      recordCall(calls, {
        kind,
        operationName: null,
        variables: null,
        errorCodes: [],
        path,
        status,
        startedAt,
        ...extra,
      });

    if (req.method === "POST" && path === "/admin/oauth/access_token") {
      const body = await readForm(req);
      const injected = takeFailure("token-exchange");
      if (injected) return sendInjected(res, injected, () => record("token-exchange", injected));
      const answer = await tokens.handle(body ?? {});
      const error = answer.body.error;
      record("token-exchange", answer.status, {
        operationName: typeof body?.grant_type === "string" ? body.grant_type : null,
        errorCodes: typeof error === "string" ? [error] : [],
      });
      return sendJson(res, answer.status, answer.body);
    }

    if (req.method === "POST" && GRAPHQL_PATH.test(path)) {
      const raw = await readText(req);
      const injected = takeFailure("graphql");
      if (injected) return sendInjected(res, injected, () => record("graphql", injected));
      if (!tokens.valid(header(req, "x-shopify-access-token"))) {
        record("graphql", 401, { errorCodes: ["UNAUTHORIZED"] });
        return sendJson(res, 401, UNKNOWN_TOKEN_BODY);
      }
      const body = parseJson(raw);
      if (!body || typeof body.query !== "string") {
        record("graphql", 400, { errorCodes: ["BAD_REQUEST"] });
        return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
      }
      const variables = isRecord(body.variables) ? body.variables : {};
      const result = await runGraphql({
        schema,
        query: body.query,
        variables,
        operationName: typeof body.operationName === "string" ? body.operationName : null,
        bucket,
        context: { index, bulk },
      });
      record("graphql", 200, {
        operationName: result.operationName,
        variables,
        errorCodes: (result.response.errors ?? []).map((e) => e.extensions.code),
        requestedQueryCost: result.requestedQueryCost,
        actualQueryCost: result.actualQueryCost,
      });
      // Shopify names the version that answered; the sandbox answers every version with the 2025-01 schema.
      res.setHeader("X-Shopify-API-Version", GRAPHQL_PATH.exec(path)?.[1] ?? "");
      return sendJson(res, 200, result.response);
    }

    if (req.method === "GET" && path.startsWith("/bulk-operations/")) {
      const injected = takeFailure("bulk-download");
      if (injected) return sendInjected(res, injected, () => record("bulk-download", injected));
      const file = bulk.filePath(path.slice("/bulk-operations/".length));
      if (!file) {
        record("bulk-download", 404);
        return sendJson(res, 404, { errors: "Not Found" });
      }
      record("bulk-download", 200);
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": statSync(file).size });
      createReadStream(file).pipe(res);
      return;
    }

    record("unknown", 404);
    sendJson(res, 404, { errors: "Not Found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { errors: `Internal Server Error: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;

  const changes = new StoreChanges(options.store);
  const webhooks = options.webhookEndpoint
    ? new WebhookEmitter({
        shopDomain,
        apiSecret: options.apiSecret,
        apiVersion: "2026-07",
        endpoint: options.webhookEndpoint,
        ...options.webhookOptions,
      })
    : null;

  return {
    origin,
    shopDomain,
    webhooks,
    ...storeChangeApi(changes, index, webhooks),
    calls,
    store: options.store,
    bucket,
    issueAccessToken: () => tokens.issueOffline(),
    failNext: (kind, status, times = 1) => void failures.set(kind, { status, times }),
    failNextBulkOperation: (errorCode = "INTERNAL_SERVER_ERROR", afterObjects = 0) =>
      bulk.failNext({ errorCode, afterObjects }),
    bulkIdle: () => bulk.idle(),
    close: async () => {
      webhooks?.close();
      await bulk.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A token request body: JSON (what @shopify/shopify-api sends) or a URL-encoded form (OAuth's default). */
async function readForm(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const raw = await readText(req);
  if ((header(req, "content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  return parseJson(raw);
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

function sendInjected(res: ServerResponse, status: number, record: () => void) {
  record();
  sendJson(res, status, {
    errors: status >= 500 ? "Internal Server Error" : `Injected failure (HTTP ${status})`,
  });
}
