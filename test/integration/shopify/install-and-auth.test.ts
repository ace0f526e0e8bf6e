// Shopify's side is real where it can be: session tokens are really signed (HS256 with the app secret, as the
// admin signs them), sessions live in PostgreSQL, and the Admin API answers from a local endpoint that
// validates every document against the real Admin schema.
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { PrismaSessionStorage } from "~/shopify/session-storage.server";
import { recordInstall } from "~/sync/install.server";
import { seedShop } from "../../support/seed";
import { startFakeAdminApi, type FakeAdminApi } from "../../support/fake-admin-api";
import { SCOPES } from "../../support/app-env";

const API_KEY = "keel-test-key";
const API_SECRET = "keel-test-secret";
let admin: FakeAdminApi;

beforeAll(async () => {
  vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
  vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
  vi.stubEnv("SHOPIFY_APP_URL", "https://keel.example.com");
  vi.stubEnv("SCOPES", SCOPES);
  admin = await startFakeAdminApi({
    ShopDetails: {
      shop: {
        id: "gid://shopify/Shop/9007199254740993",
        name: "Keel Test Store",
        email: "owner@example.com",
        currencyCode: "GBP",
        ianaTimezone: "Europe/London",
        plan: { displayName: "Basic" },
      },
    },
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await admin.close();
  await db.$disconnect();
});

function offlineSession(shop: string): Session {
  const session = new Session({ id: `offline_${shop}`, shop, state: "state", isOnline: false });
  session.accessToken = `shpat_${shop}`;
  session.scope = SCOPES;
  return session;
}

describe("session storage in PostgreSQL", () => {
  it("stores, finds by shop, loads and deletes sessions, online ones with their user", async () => {
    const storage = new PrismaSessionStorage(db);
    const offline = offlineSession("store-one.myshopify.com");
    const online = new Session({
      id: "online-1",
      shop: "store-one.myshopify.com",
      state: "s",
      isOnline: true,
    });
    online.accessToken = "online-token";
    online.expires = new Date("2030-01-01T00:00:00Z");
    online.onlineAccessInfo = {
      expires_in: 86400,
      associated_user_scope: "read_products",
      associated_user: {
        id: 902541635,
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada@example.com",
        email_verified: true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    };
    await storage.storeSession(offline);
    await storage.storeSession(online);
    await storage.storeSession(offline); // storing again updates, never duplicates

    const loaded = await storage.loadSession("online-1");
    expect(loaded?.accessToken).toBe("online-token");
    expect(loaded?.expires?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(loaded?.onlineAccessInfo?.associated_user).toMatchObject({
      id: 902541635,
      email: "ada@example.com",
    });
    expect((await storage.findSessionsByShop("store-one.myshopify.com")).map((s) => s.id).sort()).toEqual([
      "offline_store-one.myshopify.com",
      "online-1",
    ]);
    expect(await storage.findSessionsByShop("store-two.myshopify.com")).toEqual([]);

    await storage.deleteSessions(["online-1", "offline_store-one.myshopify.com"]);
    expect(await storage.loadSession("online-1")).toBeUndefined();
  });
});

describe("install", () => {
  it("creates the shop and reads its details through the Admin API", async () => {
    const client = new AdminClient({
      shop: "fresh.myshopify.com",
      accessToken: "shpat_fresh",
      origin: admin.origin,
    });
    const shop = await recordInstall(db, "fresh.myshopify.com", SCOPES, client);
    expect(shop).toMatchObject({
      domain: "fresh.myshopify.com",
      shopifyId: 9007199254740993n,
      name: "Keel Test Store",
      currency: "GBP",
      timeZone: "Europe/London",
      planName: "Basic",
      syncState: "pending",
      uninstalledAt: null,
    });
    expect(admin.requests.at(-1)).toMatchObject({ operationName: "ShopDetails", token: "shpat_fresh" });
  });

  it("revives a shop that had uninstalled: a new install time, sync to start again", async () => {
    const before = await db.shop.update({
      where: { domain: "fresh.myshopify.com" },
      data: { uninstalledAt: new Date(), syncState: "ready", installedAt: new Date("2026-01-01T00:00:00Z") },
    });
    const client = new AdminClient({ shop: before.domain, accessToken: "shpat_fresh", origin: admin.origin });
    const after = await recordInstall(db, before.domain, SCOPES, client);
    expect(after.uninstalledAt).toBeNull();
    expect(after.syncState).toBe("pending");
    expect(after.installedAt.getTime()).toBeGreaterThan(before.installedAt.getTime());
  });
});

describe("admin pages", () => {
  async function overview(token: string) {
    const { loader } = await import("~/routes/app._index");
    const request = new Request("https://keel.example.com/app", {
      headers: { Authorization: `Bearer ${token}` },
    });
    return loader({ request, params: {}, context: {} });
  }

  it("answer a request with a valid session token with that shop's data, and no other shop's", async () => {
    await seedShop(db, "mine.myshopify.com", { products: 2, orders: [{ total: "12.00" }] });
    await seedShop(db, "theirs.myshopify.com", { products: 9, orders: [{ total: "999.00" }] });
    const storage = new PrismaSessionStorage(db);
    await storage.storeSession(offlineSession("mine.myshopify.com"));

    const { token } = await getJwt("mine", API_KEY, API_SECRET);
    const { status } = await overview(token);
    expect(status?.domain).toBe("mine.myshopify.com");
    expect(status?.totals.products).toBe(2);
    expect(status?.revenue).toEqual([{ currency: "GBP", orders: 1, total: "12" }]);
  });

  it("refuse a session token signed with another secret", async () => {
    const { token } = await getJwt("mine", API_KEY, "not-the-app-secret");
    const refusal = await overview(token).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(401);
  });
});
