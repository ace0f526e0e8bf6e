/**
 * The sandbox's webhook emitter: every change to the store delivered to the app's webhook endpoint as Shopify
 * delivers it (sandbox/WEBHOOKS.md). A POST of the exact JSON text, signed with base64(HMAC-SHA256(app secret,
 * raw body)) in X-Shopify-Hmac-Sha256, with X-Shopify-Topic, -Shop-Domain, -API-Version, -Webhook-Id,
 * -Event-Id and -Triggered-At. Non-2xx answers (and network errors or a 5 s timeout) are retried with
 * exponential backoff up to `retry.attempts`. Tests can duplicate a delivery (same webhook id), delay it, or
 * hold deliveries and release them in a seeded shuffled order.
 *
 * Deliveries go out one at a time from a FIFO queue, so the order the endpoint sees is the order of the queue
 * (and a reorder is deterministic for a given seed); a delayed delivery or a retry re-enters the queue when its
 * timer fires.
 */
import { createHmac, randomUUID } from "node:crypto";
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
  fetch?: typeof fetch;
  /** Uniform in [0, 1), seeded: decides reorders and random duplicates (default `seededRandom(1)`). */
  random?: () => number;
  /** Delivery attempts in all and the first retry's delay, doubled each time (default 5 and 200 ms). */
  retry?: { attempts: number; baseDelayMs: number };
  /** Probability that an emit gets one extra copy on top of any asked for (default 0). */
  duplicateRate?: number;
  /** Per-attempt timeout; Shopify gives an endpoint 5 s (default 5000). */
  timeoutMs?: number;
}

export interface EmitOptions {
  /** Extra copies sent with the same webhook id (and event id): Shopify's at-least-once duplicates. */
  duplicate?: number;
  /** Wait this long before the first attempt. */
  delayMs?: number;
}

export type DeliveryState = "held" | "delayed" | "queued" | "sending" | "retrying" | "delivered" | "failed";

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

  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly timeoutMs: number;
  private readonly queue: Delivery[] = [];
  private held: Delivery[] | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private busy = 0;
  private draining = false;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: WebhookEmitterOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.random = options.random ?? seededRandom(1);
    this.retry = options.retry ?? { attempts: 5, baseDelayMs: 200 };
    if (this.retry.attempts < 1) throw new Error("retry.attempts must be at least 1");
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Sends `body` (exact JSON text) as `topic`; returns the deliveries made (the original first). */
  emit(topic: WebhookTopic | string, body: string, options: EmitOptions = {}): Delivery[] {
    if (this.closed) throw new Error("the webhook emitter is closed");
    JSON.parse(body); // refuse a body the app could not read
    const webhookId = randomUUID();
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    let copies = 1 + Math.max(0, Math.floor(options.duplicate ?? 0));
    if (this.options.duplicateRate && this.random() < this.options.duplicateRate) copies += 1;
    const made: Delivery[] = [];
    for (let copy = 0; copy < copies; copy++) {
      const delivery: Delivery = {
        webhookId,
        eventId,
        topic,
        copy,
        state: "queued",
        status: null,
        attempts: 0,
        triggeredAt,
        body,
      };
      this.deliveries.push(delivery);
      made.push(delivery);
    }
    for (const delivery of made) {
      if (options.delayMs && options.delayMs > 0) {
        delivery.state = "delayed";
        this.later(options.delayMs, () => this.enqueue(delivery));
      } else {
        this.enqueue(delivery);
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

  /** Sends the held deliveries, in a seeded shuffled order with `reorder: true`, else in order. */
  release(options: { reorder?: boolean } = {}): void {
    const held = this.held ?? [];
    this.held = null;
    if (options.reorder) {
      for (let i = held.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [held[i], held[j]] = [held[j], held[i]];
      }
    }
    for (const delivery of held) this.enqueue(delivery);
  }

  /** Resolves when nothing is queued, being sent, delayed or waiting to retry (held deliveries do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops held deliveries and pending timers; later emits throw. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const delivery of [...(this.held ?? []), ...this.queue.splice(0)]) {
      if (delivery.state !== "delivered") delivery.state = "failed";
    }
    this.held = null;
    this.settle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.busy === 0 && this.timers.size === 0 && !this.draining;
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

  private enqueue(delivery: Delivery): void {
    if (this.closed) return;
    if (this.held) {
      delivery.state = "held";
      this.held.push(delivery);
      return;
    }
    delivery.state = "queued";
    this.queue.push(delivery);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.busy++;
        try {
          await this.attempt(next);
        } finally {
          this.busy--;
        }
      }
    } finally {
      this.draining = false;
      this.settle();
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.state = "sending";
    delivery.attempts++;
    const raw = Buffer.from(delivery.body, "utf8");
    let ok = false;
    try {
      const response = await this.fetch(this.options.endpoint, {
        method: "POST",
        headers: {
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
        body: raw,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.status = response.status;
      delivery.error = undefined;
      ok = response.status >= 200 && response.status < 300;
    } catch (error) {
      delivery.status = 0;
      delivery.error = error instanceof Error ? error.message : String(error);
    }
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
