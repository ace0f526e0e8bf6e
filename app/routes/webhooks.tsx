import type { ActionFunctionArgs } from "@remix-run/node";
import { shopifyEnv } from "../env.server";
import { receiveWebhook } from "../sync/webhooks/inbox.server";

// The secret is read once per process: validating the whole environment on every delivery costs more than
// storing the delivery.
let secret: string | undefined;

/** POST /webhooks: every subscription in shopify.app.toml delivers here (app/sync/webhooks/inbox.server.ts). */
export async function action({ request }: ActionFunctionArgs) {
  secret ??= shopifyEnv().SHOPIFY_API_SECRET;
  return receiveWebhook(request, { secret });
}

export function loader() {
  return Response.json({ error: "webhooks are delivered with POST" }, { status: 405 });
}
