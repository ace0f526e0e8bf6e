// The app's settings for a test file that calls routes or shopify.server directly, and the cleanup such a file
// needs: the queue's and the database's connections closed.
import { afterAll, beforeAll, vi } from "vitest";
import { db } from "~/db.server";
import { closeQueue } from "~/jobs.server";

/** The scopes shopify.app.toml declares, as the Shopify CLI passes them. */
export const SCOPES =
  "read_products,read_inventory,read_orders,read_customers,write_customers,write_pixels,read_customer_events";

export function useAppEnv(options: { apiKey?: string; apiSecret: string }): void {
  beforeAll(() => {
    vi.stubEnv("SHOPIFY_API_KEY", options.apiKey ?? "key");
    vi.stubEnv("SHOPIFY_API_SECRET", options.apiSecret);
    vi.stubEnv("SHOPIFY_APP_URL", "https://keel.example.com");
    vi.stubEnv("SCOPES", SCOPES);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await closeQueue();
    await db.$disconnect();
  });
}
