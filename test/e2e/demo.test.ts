// `npm run demo` on a small synthetic store, as a newcomer runs it: the demo installs Keel into the sandbox
// and imports the store; Chromium opens the Dashboard, whose totals must equal the sandbox store's own.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { shopStatuses } from "~/sync/status.server";
import { generateSyntheticStore } from "../../sandbox/store/index";
import type { SandboxStore } from "../../sandbox/store/types";
import { launchChromium } from "../support/browser";
import { freePort } from "../support/ports";

const ORDERS = 300;
const SEED = 5;
let demo: ChildProcess;
let output = "";
let appUrl: string;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "keel-demo-"));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  demo = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/demo.ts",
      "--store",
      "synthetic",
      "--orders",
      String(ORDERS),
      "--seed",
      String(SEED),
      "--port",
      String(port),
      "--live-every",
      "0",
    ],
    { env: { ...process.env, KEEL_DATA_DIR: dataDir } },
  );
  demo.stdout!.on("data", (chunk) => (output += chunk));
  demo.stderr!.on("data", (chunk) => (output += chunk));
  appUrl = await new Promise<string>((resolve, reject) => {
    demo.stdout!.on("data", () => {
      const match = /Open (http:\/\/\S+)\/demo/.exec(output);
      if (match) resolve(match[1]);
    });
    demo.once("exit", (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    demo.kill("SIGINT");
    await exited;
  }
  await db.$disconnect();
});

/** The sandbox store the demo served, rebuilt here from the options and clock it saved. */
function sandboxStore(): SandboxStore {
  const state = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8")) as { asOf: string };
  return generateSyntheticStore({ orders: ORDERS, seed: SEED, asOf: new Date(state.asOf) });
}

describe("npm run demo", () => {
  it("imports the whole sandbox store: keel status agrees with the store's own totals", async () => {
    expect(output).toContain("Imported:");
    // The terminal shows the demo's own lines, not one per background job (the worker logs problems only).
    expect(output).not.toMatch(/Completed task/);
    const store = sandboxStore();
    const [status] = await shopStatuses(db, { domain: store.shop.myshopifyDomain });
    expect(status.syncState).toBe("ready");
    expect(status.totals).toMatchObject({
      products: store.products.length,
      variants: store.products.reduce((n, p) => n + p.variants.length, 0),
      locations: store.locations.length,
      customers: store.customers.length,
      orders: store.orders.length,
      orderLines: store.orders.reduce((n, o) => n + o.lineItems.length, 0),
    });
  });

  it("shows a Dashboard whose orders and revenue equal the store's", async () => {
    const store = sandboxStore();
    const counted = store.orders.filter((o) => o.cancelledAt === null && !o.test);
    const revenue =
      counted.reduce((sum, o) => sum + Math.round(Number(o.totalPriceSet.shopMoney.amount) * 100), 0) / 100;
    const currency = store.shop.currencyCode;
    const days = counted.map((o) => o.processedAt.slice(0, 10)).sort();
    // The whole history, with a day of margin for the shop's time zone.
    const from = new Date(Date.parse(days[0]) - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(days.at(-1)!) + 86_400_000).toISOString().slice(0, 10);

    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    });
    await page.route(/^https:\/\/cdn\.shopify\.com\//, (route) => route.abort());
    await page.goto(`${appUrl}/demo`);
    expect(new URL(page.url()).pathname).toBe("/app");
    await page.goto(`${appUrl}/app/dashboard?from=${from}&to=${to}`);
    await page.getByText("Revenue per day").waitFor();
    await page.locator("svg").first().waitFor(); // the polaris-viz chart, drawn in the browser

    const text = await page.locator("body").innerText();
    expect(text).toMatch(new RegExp(`Orders\\s+${counted.length.toLocaleString("en-US")}\\b`));
    const money = revenue.toLocaleString("en-US", { style: "currency", currency });
    expect(text).toMatch(new RegExp(`Revenue \\(${currency}\\)\\s+${money.replace(/[.$]/g, "\\$&")}\\s`));

    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/demo-dashboard.png", fullPage: true });
    await page.close();
  });
});
