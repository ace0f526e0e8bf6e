// The Overview page as a merchant sees it: the production build served by remix-serve, opened in Chromium
// the way the Shopify admin opens an embedded app (shop, host and a signed id_token in the URL). Shopify's
// CDN (App Bridge) is unreachable here, and the page must work without it.
import { mkdirSync } from "node:fs";
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaSessionStorage } from "~/shopify/session-storage.server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { seedShop } from "../support/seed";
import { SCOPES } from "../support/app-env";

const API_KEY = "keel-e2e-key";
const API_SECRET = "keel-e2e-secret";
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  await seedShop(db, "mine.myshopify.com", {
    products: 2,
    orders: [{ total: "12.00" }, { total: "30.50", currency: "EUR" }],
  });
  await seedShop(db, "theirs.myshopify.com", { products: 9, orders: [{ total: "999.00" }] });
  const session = new Session({
    id: "offline_mine.myshopify.com",
    shop: "mine.myshopify.com",
    state: "s",
    isOnline: false,
  });
  session.accessToken = "shpat_mine";
  session.scope = SCOPES;
  await new PrismaSessionStorage(db).storeSession(session);

  app = await startAppServer({
    DATABASE_URL: process.env.DATABASE_URL as string,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://keel.example.com",
    SCOPES,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db.$disconnect();
});

async function embeddedUrl(shopName: string): Promise<string> {
  const { token } = await getJwt(shopName, API_KEY, API_SECRET);
  const host = Buffer.from(`admin.shopify.com/store/${shopName}`).toString("base64url");
  return `${app.url}/app?embedded=1&shop=${shopName}.myshopify.com&host=${host}&id_token=${token}`;
}

/**
 * A page of the app opened as the Shopify admin opens it (`path` under /app), with Shopify's CDN unreachable;
 * the user agent is a desktop Chrome's, not "HeadlessChrome", which the Shopify library answers as a bot (410).
 */
async function openAppPage(path: string) {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  });
  await page.route(/^https:\/\/cdn\.shopify\.com\//, (route) => route.abort());
  const response = await page.goto((await embeddedUrl("mine")).replace("/app?", `/app${path}?`));
  return { page, response };
}

describe("Overview page", () => {
  it("shows the shop's sync state, what Keel holds and its revenue per currency, in Polaris", async () => {
    // Shopify's library turns bots away (HTTP 410), and headless Chromium says "HeadlessChrome": present as
    // the ordinary Chrome a merchant uses.
    const { page, response } = await openAppPage("");
    expect(response?.status()).toBe(200);

    await expect(page.locator("h1").first().textContent()).resolves.toBe("Overview");
    const body = page.locator("body");
    await page.getByText("What Keel holds").waitFor();
    const text = await body.innerText();
    expect(text).toContain("mine");
    expect(text).toContain("In sync");
    expect(text).toMatch(/Products\s+2/);
    expect(text).toMatch(/Orders\s+2/);
    expect(text).toMatch(/EUR\s+1\s+€30\.50/);
    expect(text).toMatch(/GBP\s+1\s+£12\.00/);
    expect(text).not.toContain("999");
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/overview.png", fullPage: true });
    // Polaris' stylesheet is applied: a card is white on the admin's grey, not unstyled.
    const card = await page
      .locator(".Polaris-ShadowBevel")
      .first()
      .evaluate((el) => getComputedStyle(el).getPropertyValue("--pc-shadow-bevel-content-xs"));
    expect(card).not.toBe("");
    await page.close();
  });

  it("lists the shop's privacy requests on the Privacy page", async () => {
    const mine = await db.shop.findUniqueOrThrow({ where: { domain: "mine.myshopify.com" } });
    const theirs = await db.shop.findUniqueOrThrow({ where: { domain: "theirs.myshopify.com" } });
    await db.privacyRequest.createMany({
      data: [
        {
          shopId: mine.id,
          topic: "customers/data_request",
          customerId: 4242n,
          completedAt: new Date(),
          export: { customer: null, orders: [{}, {}] },
        },
        { shopId: mine.id, topic: "customers/redact", customerId: 4343n, completedAt: new Date() },
        { shopId: theirs.id, topic: "customers/redact", customerId: 9898n, completedAt: new Date() },
      ],
    });
    const { page, response } = await openAppPage("/privacy");
    expect(response?.status()).toBe(200);
    await page.getByText("Customer redaction").waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain("Privacy requests");
    expect(text).toContain("4242");
    expect(text).toContain("Download (2 orders)");
    expect(text).toContain("4343");
    expect(text).not.toContain("9898");
    await page.screenshot({ path: "test-results/privacy.png", fullPage: true });
    await page.close();
  });

  it("tells on the Sync page how far behind the Dashboard's daily figures are", async () => {
    const mine = await db.shop.findUniqueOrThrow({ where: { domain: "mine.myshopify.com" } });
    await db.staleFactDay.createMany({
      data: ["2026-11-27", "2026-11-28", "2026-11-29"].map((day) => ({
        shopId: mine.id,
        day: new Date(`${day}T00:00:00Z`),
        staleSince: new Date(Date.now() - 5 * 60_000),
      })),
    });
    const { page, response } = await openAppPage("/sync");
    expect(response?.status()).toBe(200);
    await page.getByText("Reconciliation", { exact: true }).waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toMatch(
      /Daily figures \(the Dashboard's\): 3 days waiting to be recomputed, the oldest changed 5 min/,
    );
    await page.screenshot({ path: "test-results/sync.png", fullPage: true });
    await page.close();
    await db.staleFactDay.deleteMany({ where: { shopId: mine.id } });
  });

  it("does not show a shop's data to a request without a valid session token", async () => {
    const { token } = await getJwt("mine", API_KEY, "forged-secret");
    const response = await fetch(`${app.url}/app?embedded=1&shop=mine.myshopify.com&id_token=${token}`);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("What Keel holds");
  });

  it("serves /healthz with the database and queue state", async () => {
    const response = await fetch(`${app.url}/healthz`);
    const body = await response.json();
    expect(body.database).toMatchObject({ ok: true, pendingMigrations: [] });
    expect(response.status).toBe(body.status === "fail" ? 503 : 200);
  });
});
