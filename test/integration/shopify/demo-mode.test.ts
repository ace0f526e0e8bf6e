// Demo mode end to end against the sandbox store: the sign-in shortcut installs Keel through the real token
// exchange, and it opens nothing but the sandbox shop, only when demo mode is on.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { startSandbox, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import { demoCookie } from "~/demo/demo-session.server";
import { closeQueue } from "~/jobs.server";

const API_KEY = "demo-test-key";
const API_SECRET = "demo-test-secret";
let sandbox: Sandbox;

beforeAll(async () => {
  const store = generateSyntheticStore({
    orders: 50,
    seed: 3,
    asOf: new Date("2026-11-30T00:00:00Z"),
    days: 60,
  });
  sandbox = await startSandbox({ store, apiKey: API_KEY, apiSecret: API_SECRET });
  vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
  vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
  vi.stubEnv("SHOPIFY_APP_URL", "http://127.0.0.1:3999");
  vi.stubEnv("SHOPIFY_ADMIN_API_ORIGIN", sandbox.origin);
  vi.stubEnv("KEEL_DEMO_SHOP", sandbox.shopDomain);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await sandbox.close();
  await closeQueue();
  await db.$disconnect();
});

async function signIn() {
  const { loader } = await import("~/routes/demo");
  return loader({ request: new Request("http://127.0.0.1:3999/demo"), params: {}, context: {} });
}

const thrown = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("demo mode", () => {
  it("signs in through token exchange with the sandbox, records the install and sets the cookie", async () => {
    const response = await signIn();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/app");
    expect(response.headers.get("Set-Cookie")).toMatch(/^keel_demo=.+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(sandbox.calls.map((call) => call.kind)).toContain("token-exchange");

    const session = await db.session.findFirstOrThrow({
      where: { shop: sandbox.shopDomain, isOnline: false },
    });
    expect(session.accessToken).not.toBe("");
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: sandbox.shopDomain } });
    expect(shop.name).toBe(sandbox.store.shop.name);
    expect(shop.currency).toBe(sandbox.store.shop.currencyCode);
  });

  it("lets the cookie open the sandbox shop's pages, and no other shop's", async () => {
    const { requireAdmin } = await import("~/auth.server");
    const cookieFor = (shop: string) => demoCookie(shop, API_SECRET).split(";")[0];
    const page = (cookie: string) =>
      new Request("http://127.0.0.1:3999/app", { headers: { Cookie: cookie } });

    await expect(requireAdmin(page(cookieFor(sandbox.shopDomain)))).resolves.toEqual({
      shop: sandbox.shopDomain,
    });
    // A validly signed cookie for another shop is not the demo shop: Shopify's authentication takes over and,
    // with no session token and no shop in the URL, sends the browser to the login page instead of answering.
    const refusal = await thrown(requireAdmin(page(cookieFor("victim.myshopify.com"))));
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(302);
    expect((refusal as Response).headers.get("Location")).toBe("/auth/login");
  });

  it("has no sign-in shortcut when demo mode is off", async () => {
    vi.stubEnv("KEEL_DEMO_SHOP", "");
    const refusal = await thrown(signIn());
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(404);
    vi.stubEnv("KEEL_DEMO_SHOP", sandbox.shopDomain);
  });
});
