/**
 * What happens when a shop installs (or re-installs) Keel: its row is created or revived, and its details
 * (name, currency, time zone) are read from the Admin API.
 */
import type { Db } from "../db.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { ShopDetails, shopDetailsQuery } from "../shopify/queries/shop";

export async function recordInstall(db: Db, domain: string, scopes: string | null, admin: AdminClient) {
  const now = new Date();
  const existing = await db.shop.findUnique({ where: { domain } });
  // A re-install after an uninstall is a new install: the clock and the sync start again.
  const reinstall = existing?.uninstalledAt != null;
  const shop = await db.shop.upsert({
    where: { domain },
    create: { domain, scopes, installedAt: now },
    update: reinstall ? { scopes, installedAt: now, uninstalledAt: null, syncState: "pending" } : { scopes },
  });
  const { shop: details } = await admin.request(shopDetailsQuery, {}, ShopDetails);
  return db.shop.update({
    where: { id: shop.id },
    data: {
      shopifyId: details.id,
      name: details.name,
      email: details.email,
      currency: details.currencyCode,
      timeZone: details.ianaTimezone,
      planName: details.plan?.displayName ?? null,
    },
  });
}
