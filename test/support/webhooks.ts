// Delivering a webhook as Shopify does: the body signed with the app secret by the tests' own signer (never the
// app's verifier), through the /webhooks route; then running the queued jobs.
import { createHmac } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { taskList } from "~/jobs.server";

let next = 1;

/** base64(HMAC-SHA256(secret, raw body)): Shopify's X-Shopify-Hmac-Sha256. */
const shopifyHmac = (body: string, secret: string) =>
  createHmac("sha256", secret).update(body, "utf8").digest("base64");

export async function deliverWebhook(
  secret: string,
  shop: string,
  topic: string,
  body: string,
): Promise<number> {
  const { action } = await import("~/routes/webhooks");
  const response = await action({
    request: new Request("https://keel.example.com/webhooks", {
      method: "POST",
      body,
      headers: {
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-Webhook-Id": `test-wh-${process.pid}-${next++}`,
        "X-Shopify-Hmac-Sha256": shopifyHmac(body, secret),
      },
    }),
    params: {},
    context: {},
  });
  return response.status;
}

const silent = new Logger(() => () => {});

/** Runs every queued job once, in order, in this process. */
export const runQueuedJobs = () =>
  runOnce({ connectionString: process.env.DATABASE_URL, taskList, logger: silent });
