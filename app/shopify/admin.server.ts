/**
 * An Admin API client for a shop, authorised by the shop's stored offline session. Background work (jobs,
 * backfill, reconciliation) has no request to authenticate, so it starts here.
 */
import { db } from "../db.server";
import { coreEnv } from "../env.server";
import { AdminClient } from "./admin-client.server";
import { AdminAuthError } from "./admin-errors";

export async function adminClientFor(shop: string): Promise<AdminClient> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false } });
  if (!session?.accessToken)
    throw new AdminAuthError(`no offline session for ${shop}: the app is not installed there`);
  return new AdminClient({
    shop,
    accessToken: session.accessToken,
    origin: adminOrigin(),
  });
}

/** The Admin API's origin: Shopify's own unless the sandbox store stands in for it (never in production). */
function adminOrigin(): string | undefined {
  return coreEnv().SHOPIFY_ADMIN_API_ORIGIN;
}
