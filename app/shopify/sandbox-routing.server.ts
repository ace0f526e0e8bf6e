/**
 * With the sandbox store standing in for Shopify (SHOPIFY_ADMIN_API_ORIGIN), Shopify's library must reach it
 * too: its token exchange posts to `https://{shop}/admin/oauth/access_token`. Requests to a store's admin are
 * sent to the sandbox's origin instead; nothing else changes.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

export function routeShopifyToSandbox(origin: string): void {
  const sandbox = new URL(origin);
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname.endsWith(".myshopify.com") && url.pathname.startsWith("/admin/")) {
      url.protocol = sandbox.protocol;
      url.host = sandbox.host;
    }
    return fetch(url, init);
  });
}
