// Delivering a webhook as Shopify does: the body signed with the app secret (getHmac from shopify-api's test
// helpers), through the /webhooks route; then running the queued jobs.
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { Logger, runOnce } from "graphile-worker";
import { taskList } from "~/jobs.server";

let next = 1;

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
        "X-Shopify-Hmac-Sha256": getHmac(body, secret),
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
