/**
 * The only shopifyApp() call: embedded, token-exchange auth (Shopify-managed installation), sessions in
 * PostgreSQL, one API version. Everything else imports `authenticate` and friends from here.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { db } from "./db.server";
import { coreEnv, shopifyEnv } from "./env.server";
import { API_VERSION } from "./shopify/api-version";
import { adminClientFor } from "./shopify/admin.server";
import { routeShopifyToSandbox } from "./shopify/sandbox-routing.server";
import { PrismaSessionStorage } from "./shopify/session-storage.server";
import { enqueueBackfill } from "./jobs.server";
import { recordInstall } from "./sync/install.server";

const env = shopifyEnv();
const { SHOPIFY_ADMIN_API_ORIGIN: sandboxOrigin } = coreEnv();
if (sandboxOrigin) routeShopifyToSandbox(sandboxOrigin);

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    // Token exchange: no OAuth redirects inside the admin; Shopify installs the app with the toml's scopes.
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      const shop = await recordInstall(
        db,
        session.shop,
        session.scope ?? null,
        await adminClientFor(session.shop),
      );
      if (shop.syncState === "pending") await enqueueBackfill(shop.id);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const sessionStorage = shopify.sessionStorage;
