/**
 * The webhook endpoint's work, in the order that keeps it safe and fast: a size limit, the signature over the
 * raw body, the headers, the shop, the topic; then the raw event stored under its webhook id (a redelivery is
 * answered 200 and not stored again) and a job queued. No Admin API call and no processing here: Shopify
 * wants an answer within 5 seconds, and the worker does the rest.
 */
import type { Db } from "../../db.server";
import { verifyWebhookHmac } from "./verify";
import { isWebhookTopic } from "./topics";

/** Shopify's largest payloads (orders with hundreds of lines) stay well below this. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export interface InboxDeps {
  db: Db;
  secret: string;
  enqueue: (event: { shopId: number; webhookId: string }) => Promise<unknown>;
}

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

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

export async function receiveWebhook(request: Request, deps: InboxDeps): Promise<Response> {
  if (request.method !== "POST") return answer(405, { error: "webhooks are delivered with POST" });
  const raw = await readLimited(request);
  if (raw === null) return answer(413, { error: `the body is larger than ${MAX_WEBHOOK_BYTES} bytes` });
  if (!verifyWebhookHmac(raw, request.headers.get("X-Shopify-Hmac-Sha256"), deps.secret)) {
    return answer(401, { error: "the HMAC signature is missing or does not match the body" });
  }

  const headers = {
    topic: request.headers.get("X-Shopify-Topic"),
    shop: request.headers.get("X-Shopify-Shop-Domain"),
    webhookId: request.headers.get("X-Shopify-Webhook-Id"),
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

  const text = Buffer.from(raw).toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    return answer(400, { error: "the body is not JSON" });
  }
  const shop = await deps.db.shop.findUnique({ where: { domain: headers.shop! }, select: { id: true } });
  if (!shop) {
    // A privacy request for a shop Keel holds nothing of is already fulfilled; anything else is a mistake.
    if (headers.topic !== "app/uninstalled")
      return answer(200, { received: true, note: "Keel holds no data of this shop" });
    return answer(404, { error: `unknown shop ${headers.shop}` });
  }

  const triggeredAt = request.headers.get("X-Shopify-Triggered-At");
  // The body goes to PostgreSQL as text and becomes jsonb there, where numbers stay exact: Shopify's 64-bit ids
  // would lose digits in a JavaScript object.
  const stored = await deps.db.$executeRaw`
    INSERT INTO webhook_events (shop_id, webhook_id, topic, api_version, event_id, triggered_at, body)
    VALUES (${shop.id}::int, ${headers.webhookId!}, ${headers.topic!}, ${request.headers.get("X-Shopify-API-Version")},
      ${request.headers.get("X-Shopify-Event-Id")},
      ${triggeredAt && !Number.isNaN(Date.parse(triggeredAt)) ? new Date(triggeredAt) : null}::timestamptz, ${text}::jsonb)
    ON CONFLICT (shop_id, webhook_id) DO NOTHING`;
  if (stored === 0) return answer(200, { received: true, duplicate: true });
  await deps.enqueue({ shopId: shop.id, webhookId: headers.webhookId! });
  return answer(200, { received: true });
}
