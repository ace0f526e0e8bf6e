import { afterEach, describe, expect, it, vi } from "vitest";
import { coreEnv, EnvError, shopifyEnv } from "~/env.server";

afterEach(() => {
  vi.unstubAllEnvs();
});

const shopifyVars = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://keel.example.com",
};

describe("coreEnv", () => {
  it("has defaults for everything, so a fresh machine needs no configuration", () => {
    for (const name of ["DATABASE_URL", "KEEL_DATA_DIR", "KEEL_PG_PORT", "WEBHOOK_RETENTION_DAYS"]) {
      vi.stubEnv(name, undefined);
    }
    expect(coreEnv().DATABASE_URL).toBeUndefined();
    expect(coreEnv()).toMatchObject({
      KEEL_DATA_DIR: ".data",
      KEEL_PG_PORT: 54329,
      WEBHOOK_RETENTION_DAYS: 30,
    });
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/keel", /^DATABASE_URL is invalid: must be a PostgreSQL URL/],
    ["DATABASE_URL", "not a url", /^DATABASE_URL is invalid: must be a PostgreSQL URL/],
    ["KEEL_PG_PORT", "70000", /^KEEL_PG_PORT is invalid: /],
    ["WEBHOOK_RETENTION_DAYS", "zero", /^WEBHOOK_RETENTION_DAYS is invalid: /],
  ])("refuses %s=%s in one line that says what to fix", (name, value, message) => {
    vi.stubEnv(name, value);
    expect(() => coreEnv()).toThrow(EnvError);
    expect(() => coreEnv()).toThrow(message);
    expect(() => coreEnv()).toThrow(/set it in the environment or in \.env/);
  });
});

describe("shopifyEnv", () => {
  it("names a missing variable and where to find it", () => {
    for (const [name, value] of Object.entries(shopifyVars)) vi.stubEnv(name, value);
    vi.stubEnv("SHOPIFY_API_SECRET", undefined);
    expect(() => shopifyEnv()).toThrow(
      "SHOPIFY_API_SECRET is missing (the app's client secret, from the Partner Dashboard or `shopify app env show`)",
    );
  });

  it("splits the scopes and defaults to the ones shopify.app.toml declares", () => {
    for (const [name, value] of Object.entries(shopifyVars)) vi.stubEnv(name, value);
    vi.stubEnv("SCOPES", undefined);
    expect(shopifyEnv().SCOPES).toEqual([
      "read_products",
      "read_inventory",
      "read_orders",
      "read_customers",
      "write_customers",
      "write_pixels",
      "read_customer_events",
    ]);
    vi.stubEnv("SCOPES", "read_products, read_orders");
    expect(shopifyEnv().SCOPES).toEqual(["read_products", "read_orders"]);
  });
});

describe("demo and sandbox settings", () => {
  it.each(["KEEL_DEMO_SHOP", "SHOPIFY_ADMIN_API_ORIGIN"])("refuses %s with NODE_ENV=production", (name) => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv(name, name === "KEEL_DEMO_SHOP" ? "keel-demo.myshopify.com" : "http://127.0.0.1:4000");
    expect(() => coreEnv()).toThrow(
      `${name} is for the demo and the sandbox store and may not be set with NODE_ENV=production`,
    );
  });

  it("reads an empty value as unset", () => {
    vi.stubEnv("DATABASE_URL", "");
    expect(coreEnv().DATABASE_URL).toBeUndefined();
  });
});
