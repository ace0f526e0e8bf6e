/**
 * app/uninstalled: the shop's tokens are dead, so its sessions go, and the shop is marked uninstalled. Its data
 * stays until Shopify sends shop/redact (48 hours later), so a quick re-install finds it.
 */
import type { Db } from "../../db.server";

export async function appUninstalled(db: Db, shopId: number, at: Date): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  await db.$transaction([
    db.session.deleteMany({ where: { shop: shop.domain } }),
    db.shop.update({ where: { id: shopId }, data: { uninstalledAt: at } }),
  ]);
}
