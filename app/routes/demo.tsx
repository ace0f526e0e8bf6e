import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { coreEnv, shopifyEnv } from "../env.server";
import { demoCookie, signSessionToken } from "../demo/demo-session.server";

/**
 * GET /demo: the demo's sign-in shortcut (docs in app/demo/demo-session.server.ts). It exists only in demo
 * mode, which a production server refuses to start with; anywhere else it is a 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const shop = coreEnv().KEEL_DEMO_SHOP;
  if (!shop) throw new Response("Not Found", { status: 404 });
  const { SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: secret } = shopifyEnv();
  const token = signSessionToken({ shop, apiKey, secret, now: new Date() });
  // The same path as inside the admin: the library verifies the token, exchanges it for an access token with
  // the (sandbox) store and runs the install hook the first time.
  await authenticate.admin(
    new Request(new URL("/app", request.url), { headers: { Authorization: `Bearer ${token}` } }),
  );
  return redirect("/app", { headers: { "Set-Cookie": demoCookie(shop, secret) } });
}
