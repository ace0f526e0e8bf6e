/**
 * The sandbox's webhook emitter: every change to the store delivered to the app's webhook endpoint as Shopify
 * delivers it (sandbox/WEBHOOKS.md). A POST of the exact JSON text, signed with base64(HMAC-SHA256(app secret,
 * raw body)) in X-Shopify-Hmac-Sha256, with X-Shopify-Topic, -Shop-Domain, -API-Version, -Webhook-Id,
 * -Event-Id and -Triggered-At. Non-2xx answers (and network errors or a 5 s timeout) are retried with
 * exponential backoff up to `retry.attempts`. Switches make deliveries misbehave as Shopify's may: duplicated
 * (same webhook id), delayed, held and released in a seeded shuffled order, reordered in a stream (overtaken by
 * later deliveries), or dropped (never sent, while the store did change).
 *
 * Deliveries leave a FIFO queue, `concurrency` at a time (default 1: the endpoint sees them in queue order, and
 * a reorder is deterministic for a given seed); a delayed delivery or a retry re-enters the queue when its
 * timer fires.
 */
import { createHmac, randomUUID } from "node:crypto";
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { WebhookTopic } from "../../app/sync/webhooks/topics";
import type { SandboxCustomer, SandboxInventoryLevel, SandboxOrder, SandboxProduct } from "../store/types";
import {
  customerBody,
  deleteBody,
  inventoryLevelBody,
  orderBody,
  productBody,
  writeJson,
} from "./rest-bodies";

export interface WebhookEmitterOptions {
  shopDomain: string;
  /** The app's client secret: deliveries are signed with it. */
  apiSecret: string;
  apiVersion: string;
  /** The app's webhook URL (`https://…/webhooks`). */
  endpoint: string;
  /** An HTTP client to send with instead of the built-in one (node:http, kept-alive connections). */
  fetch?: typeof fetch;
  /** Uniform in [0, 1), seeded: decides reorders and random duplicates (default `seededRandom(1)`). */
  random?: () => number;
  /** Delivery attempts in all and the first retry's delay, doubled each time (default 5 and 200 ms). */
  retry?: { attempts: number; baseDelayMs: number };
  /** Probability that an emit gets one extra copy on top of any asked for (default 0). */
  duplicateRate?: number;
  /** Probability that an emit is dropped: never sent, as a webhook Shopify lost (default 0). */
  dropRate?: number;
  /** Probability that an emit is overtaken by 1 to `reorderSpan` later deliveries (default 0). */
  reorderRate?: number;
  /** The most later deliveries a reordered emit lets pass (default 3). */
  reorderSpan?: number;
  /** Deliveries in flight at once (default 1: strictly in queue order). */
  concurrency?: number;
  /** Per-attempt timeout; Shopify gives an endpoint 5 s (default 5000). */
  timeoutMs?: number;
}

export interface EmitOptions {
  /** Extra copies sent with the same webhook id (and event id): Shopify's at-least-once duplicates. */
  duplicate?: number;
  /** Wait this long before the first attempt. */
  delayMs?: number;
  /** Never send it (state "dropped"): the store changed, the app is not told; reconciliation must repair it. */
  drop?: boolean;
  /** Let this many later deliveries go first (the emit's copies all wait). */
  reorder?: number;
}

export type DeliveryState =
  "held" | "delayed" | "deferred" | "queued" | "sending" | "retrying" | "delivered" | "failed" | "dropped";

/** One copy of one webhook as sent (a duplicate is its own entry, with the same webhook id). */
export interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  /** 0 for the original, 1… for duplicates. */
  copy: number;
  state: DeliveryState;
  /** The last HTTP status answered, 0 for a network error or timeout, null before the first attempt. */
  status: number | null;
  attempts: number;
  triggeredAt: string;
  body: string;
  /** Set when the last attempt threw (network error, timeout). */
  error?: string;
  /** Milliseconds from sending the last attempt to its answer (null before the first attempt). */
  latencyMs: number | null;
  /** Set when the emit was reordered: the number of later deliveries it let go first. */
  reordered?: number;
}

/** mulberry32: a small seeded generator for `random` (deterministic on every platform). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** base64(HMAC-SHA256(secret, body)), Shopify's X-Shopify-Hmac-Sha256. */
export function signWebhook(body: Uint8Array | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export class WebhookEmitter {
  /** Every delivery, in emit order. */
  readonly deliveries: Delivery[] = [];

  private readonly post: Post;
  private readonly random: () => number;
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly queue: Queued[] = [];
  /** Reordered deliveries waiting for the delivery numbered `until` to leave the queue. */
  private readonly deferred: { delivery: Delivery; until: number }[] = [];
  private enqueued = 0;
  /** Held deliveries, each with the reordering it was given (kept for when it is released in order). */
  private held: { delivery: Delivery; reorder: number }[] | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private busy = 0;
  private pumpScheduled = false;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: WebhookEmitterOptions) {
    this.post = options.fetch ? postWithFetch(options.fetch) : postWithNodeHttp(options.endpoint);
    this.random = options.random ?? seededRandom(1);
    this.retry = options.retry ?? { attempts: 5, baseDelayMs: 200 };
    if (this.retry.attempts < 1) throw new Error("retry.attempts must be at least 1");
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new Error("concurrency must be a whole number of at least 1");
  }

  /** Sends `body` (exact JSON text) as `topic`; returns the deliveries made (the original first). */
  emit(topic: WebhookTopic | string, body: string, options: EmitOptions = {}): Delivery[] {
    if (this.closed) throw new Error("the webhook emitter is closed");
    JSON.parse(body); // refuse a body the app could not read
    const webhookId = randomUUID();
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    // Each rate draws only when it is set, so that a seed gives the same decisions as before it existed.
    const { duplicateRate, dropRate, reorderRate } = this.options;
    const dropped =
      options.drop === true || (dropRate !== undefined && dropRate > 0 && this.random() < dropRate);
    let copies = 1 + Math.max(0, Math.floor(options.duplicate ?? 0));
    if (duplicateRate && this.random() < duplicateRate) copies += 1;
    let reorder = Math.max(0, Math.floor(options.reorder ?? 0));
    if (reorderRate && this.random() < reorderRate) {
      reorder = Math.max(reorder, 1 + Math.floor(this.random() * (this.options.reorderSpan ?? 3)));
    }
    const made: Delivery[] = [];
    for (let copy = 0; copy < (dropped ? 1 : copies); copy++) {
      const delivery: Delivery = {
        webhookId,
        eventId,
        topic,
        copy,
        state: dropped ? "dropped" : "queued",
        status: null,
        attempts: 0,
        triggeredAt,
        body,
        latencyMs: null,
        ...(reorder > 0 && !dropped ? { reordered: reorder } : {}),
      };
      this.deliveries.push(delivery);
      made.push(delivery);
    }
    if (dropped) return made;
    for (const delivery of made) {
      if (options.delayMs && options.delayMs > 0) {
        delivery.state = "delayed";
        this.later(options.delayMs, () => this.enqueue(delivery, reorder));
      } else {
        this.enqueue(delivery, reorder);
      }
    }
    return made;
  }

  emitOrder(order: SandboxOrder, topic: WebhookTopic = "orders/updated", options?: EmitOptions): Delivery[] {
    return this.emit(topic, writeJson(orderBody(order)), options);
  }

  emitProduct(
    product: SandboxProduct,
    topic: WebhookTopic = "products/update",
    options?: EmitOptions,
  ): Delivery[] {
    return this.emit(topic, writeJson(productBody(product)), options);
  }

  emitCustomer(
    customer: SandboxCustomer,
    topic: WebhookTopic = "customers/update",
    options?: EmitOptions,
  ): Delivery[] {
    return this.emit(topic, writeJson(customerBody(customer)), options);
  }

  emitInventoryLevel(
    inventoryItemId: string,
    level: SandboxInventoryLevel,
    topic: WebhookTopic = "inventory_levels/update",
    options?: EmitOptions,
  ): Delivery[] {
    return this.emit(topic, writeJson(inventoryLevelBody(inventoryItemId, level)), options);
  }

  /** orders/delete, products/delete, customers/delete with `{"id":N}` (`id` a global id or its number). */
  emitDelete(topic: WebhookTopic, id: string, options?: EmitOptions): Delivery[] {
    return this.emit(topic, writeJson(deleteBody(id)), options);
  }

  /** Buffers deliveries (new ones, and delayed ones or retries as they come due) until `release`. */
  hold(): void {
    this.held ??= [];
  }

  /**
   * Sends the held deliveries, in a seeded shuffled order with `reorder: true`; else in order, each reordered
   * as `reorderRate` had decided when it was emitted.
   */
  release(options: { reorder?: boolean } = {}): void {
    const held = this.held ?? [];
    this.held = null;
    if (options.reorder) {
      for (let i = held.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [held[i], held[j]] = [held[j], held[i]];
      }
    }
    for (const { delivery, reorder } of held) this.enqueue(delivery, options.reorder ? 0 : reorder);
  }

  /** Resolves when nothing is queued, being sent, delayed or waiting to retry (held deliveries do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Deliveries not yet answered or given up: queued, deferred, delayed, sending or waiting to retry. */
  get pending(): number {
    return (
      this.queue.length + this.deferred.length + this.busy + this.timers.size + (this.pumpScheduled ? 1 : 0)
    );
  }

  /** Drops held deliveries and pending timers; later emits throw. */
  close(): void {
    this.closed = true;
    this.post.close?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waiting = [
      ...(this.held ?? []).map((h) => h.delivery),
      ...this.queue.splice(0).map((q) => q.delivery),
      ...this.deferred.splice(0).map((d) => d.delivery),
    ];
    for (const delivery of waiting) {
      if (delivery.state !== "delivered") delivery.state = "failed";
    }
    this.held = null;
    this.settle();
  }

  private isIdle(): boolean {
    return this.pending === 0;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.settle();
    }, ms);
    this.timers.add(timer);
  }

  /** Into the queue (or the held list); `reorder` > 0 parks it until that many later deliveries have left. */
  private enqueue(delivery: Delivery, reorder = 0): void {
    if (this.closed) return;
    if (this.held) {
      delivery.state = "held";
      this.held.push({ delivery, reorder });
      return;
    }
    const number = ++this.enqueued;
    if (reorder > 0) {
      delivery.state = "deferred";
      // Numbers are taken by every enqueue, so "the delivery numbered number + reorder" is a later one.
      this.deferred.push({ delivery, until: number + reorder });
    } else {
      delivery.state = "queued";
      this.queue.push({ delivery, number });
    }
    // On a microtask: emits made in one go are all queued before the first leaves (a reorder needs later ones).
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      queueMicrotask(() => {
        this.pumpScheduled = false;
        this.pump();
        this.settle();
      });
    }
  }

  /** The next delivery to send: the queue's head; deferred ones whose turn came go right after it. */
  private takeNext(): Delivery | undefined {
    const head = this.queue.shift();
    if (!head) {
      // Nothing is queued or in flight: no later delivery is coming now, so the deferred go, in parking order.
      return this.busy === 0 ? this.deferred.shift()?.delivery : undefined;
    }
    const due = this.deferred.filter((d) => d.until <= head.number);
    if (due.length > 0) {
      for (const d of due) this.deferred.splice(this.deferred.indexOf(d), 1);
      this.queue.unshift(...due.map((d) => ({ delivery: d.delivery, number: head.number })));
    }
    return head.delivery;
  }

  /** Starts deliveries until `concurrency` are in flight or nothing is left to send. */
  private pump(): void {
    while (this.busy < this.concurrency) {
      const next = this.takeNext();
      if (!next) break;
      this.busy++;
      void this.attempt(next).finally(() => {
        this.busy--;
        this.pump();
        this.settle();
      });
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.state = "sending";
    delivery.attempts++;
    const raw = Buffer.from(delivery.body, "utf8");
    let ok = false;
    const started = performance.now();
    try {
      delivery.status = await this.post(
        this.options.endpoint,
        {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Hmac-Sha256": signWebhook(raw, this.options.apiSecret),
          "X-Shopify-Shop-Domain": this.options.shopDomain,
          "X-Shopify-API-Version": this.options.apiVersion,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt,
        },
        raw,
        this.timeoutMs,
      );
      delivery.error = undefined;
      ok = delivery.status >= 200 && delivery.status < 300;
    } catch (error) {
      delivery.status = 0;
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    delivery.latencyMs = performance.now() - started;
    if (ok) {
      delivery.state = "delivered";
    } else if (delivery.attempts >= this.retry.attempts || this.closed) {
      delivery.state = "failed";
    } else {
      delivery.state = "retrying";
      this.later(this.retry.baseDelayMs * 2 ** (delivery.attempts - 1), () => this.enqueue(delivery));
    }
  }
}

/** Sends one POST and resolves with the HTTP status once the answer is read; rejects on a network error. */
interface Post {
  (url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<number>;
  /** Closes kept-alive connections. */
  close?: () => void;
}

function postWithFetch(fetchImpl: typeof fetch): Post {
  return async (url, headers, body, timeoutMs) => {
    const response = await fetchImpl(url, {
      method: "POST",
      headers,
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  };
}

/**
 * node:http with kept-alive connections: a fraction of fetch's cost per request, which matters when the
 * sandbox and the app share a machine in a benchmark.
 */
function postWithNodeHttp(endpoint: string): Post {
  const https = new URL(endpoint).protocol === "https:";
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const post = (url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number) =>
    new Promise<number>((resolve, reject) => {
      const options = {
        method: "POST",
        agent,
        headers: { ...headers, "Content-Length": String(body.byteLength) },
      };
      const onResponse = (response: IncomingMessage) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
        response.once("error", reject);
      };
      const req = https ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.once("error", reject);
      req.end(body);
    });
  return Object.assign(post, { close: () => agent.destroy() });
}

interface Queued {
  delivery: Delivery;
  /** Enqueue order: a reordered delivery waits for a given later number. */
  number: number;
}
