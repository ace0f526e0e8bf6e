/**
 * The webhook endpoint's work, in the order that keeps it safe and fast: a size limit, the signature over the
 * raw body, the headers, the topic, the JSON; then the event is stored under its webhook id with its job queued,
 * in one statement (inbox-writer.server.ts): an event is never stored without its job, nor stored or queued
 * twice (a redelivery is answered 200). No Admin API call and no processing here: Shopify wants an answer within
 * 5 seconds, and the worker does the rest.
 */
import { inboxWriter, UnstorableBodyError, type InboxEvent, type InboxWriter } from "./inbox-writer.server";
import { verifyWebhookHmac } from "./verify";
import { isWebhookTopic } from "./topics";

export { WEBHOOK_JOB } from "./inbox-writer.server";

/** Shopify's largest payloads (orders with hundreds of lines) stay well below this. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export interface InboxDeps {
  secret: string;
  /** Where events go (default: this process's writer, on Keel's database). */
  writer?: InboxWriter;
}

/** What the endpoint answers: a status and a small JSON body. */
export interface InboxAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A delivery as any server hands it over: its method, its headers, and its body (null: over the limit). */
export interface InboxDelivery {
  method: string;
  header(name: string): string | null;
  raw: Uint8Array | null;
}

const answer = (status: number, body: Record<string, unknown>): InboxAnswer => ({ status, body });

/**
 * JSON with its Content-Length: a response of known small size is sent as it is (the server's compression
 * skips bodies under its threshold; compressing a 20-byte answer costs more than the rest of the request).
 */
export function answerResponse({ status, body }: InboxAnswer): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) },
  });
}

/** Reads the body, refusing it as soon as it passes the limit (a false Content-Length does not get past). */
async function readLimited(request: Request): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_WEBHOOK_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The Remix route's entry: a Fetch API request in, a response out. */
export async function receiveWebhook(request: Request, deps: InboxDeps): Promise<Response> {
  const raw = request.method === "POST" ? await readLimited(request) : new Uint8Array();
  return answerResponse(
    await acceptWebhook({ method: request.method, header: (name) => request.headers.get(name), raw }, deps),
  );
}

/** Every check, then the event stored and queued; the same for every server the endpoint runs in. */
export async function acceptWebhook(delivery: InboxDelivery, deps: InboxDeps): Promise<InboxAnswer> {
  if (delivery.method !== "POST") return answer(405, { error: "webhooks are delivered with POST" });
  const raw = delivery.raw;
  if (raw === null) return answer(413, { error: `the body is larger than ${MAX_WEBHOOK_BYTES} bytes` });
  if (!verifyWebhookHmac(raw, delivery.header("X-Shopify-Hmac-Sha256"), deps.secret)) {
    return answer(401, { error: "the HMAC signature is missing or does not match the body" });
  }

  const headers = {
    topic: delivery.header("X-Shopify-Topic"),
    shop: delivery.header("X-Shopify-Shop-Domain"),
    webhookId: delivery.header("X-Shopify-Webhook-Id"),
  };
  const missing = Object.entries({
    "X-Shopify-Topic": headers.topic,
    "X-Shopify-Shop-Domain": headers.shop,
    "X-Shopify-Webhook-Id": headers.webhookId,
  })
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) return answer(400, { error: `missing headers: ${missing.join(", ")}` });
  if (!isWebhookTopic(headers.topic!)) {
    return answer(400, { error: `Keel does not subscribe to the topic ${headers.topic}` });
  }

  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    return answer(400, { error: "the body is not JSON" });
  }

  const triggeredAt = delivery.header("X-Shopify-Triggered-At");
  const event: InboxEvent = {
    shop: headers.shop!,
    webhookId: headers.webhookId!,
    topic: headers.topic!,
    apiVersion: delivery.header("X-Shopify-API-Version"),
    eventId: delivery.header("X-Shopify-Event-Id"),
    triggeredAt: triggeredAt && !Number.isNaN(Date.parse(triggeredAt)) ? new Date(triggeredAt) : null,
    text,
  };
  let result;
  try {
    result = await (deps.writer ?? inboxWriter()).write(event);
  } catch (error) {
    if (!(error instanceof UnstorableBodyError)) throw error;
    return answer(400, { error: `the body cannot be stored: ${error.message}` });
  }
  if (result.shopId === null) {
    // A privacy request for a shop Keel holds nothing of is already fulfilled; anything else is a mistake.
    if (headers.topic !== "app/uninstalled")
      return answer(200, { received: true, note: "Keel holds no data of this shop" });
    return answer(404, { error: `unknown shop ${headers.shop}` });
  }
  if (!result.stored) return answer(200, { received: true, duplicate: true });
  return answer(200, { received: true });
}
