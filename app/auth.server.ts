/**
 * The one guard of every admin page: Shopify's embedded authentication, or in demo mode the demo's signed
 * cookie for the sandbox shop (and only that shop). Returns the shop every query is then scoped by.
 */
import { coreEnv, shopifyEnv } from "./env.server";
import { authenticate, sessionStorage } from "./shopify.server";
import { demoShopOf } from "./demo/demo-session.server";

export async function requireAdmin(request: Request): Promise<{ shop: string }> {
  const demoShop = coreEnv().KEEL_DEMO_SHOP;
  if (demoShop && demoShopOf(request, shopifyEnv().SHOPIFY_API_SECRET) === demoShop) {
    const sessions = await sessionStorage.findSessionsByShop(demoShop);
    if (sessions.some((session) => !session.isOnline && session.accessToken)) return { shop: demoShop };
  }
  const { session } = await authenticate.admin(request);
  return { shop: session.shop };
}
