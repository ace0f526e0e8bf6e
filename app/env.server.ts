/**
 * The only reader of process.env. Each part of Keel asks for the settings it needs, validated with zod, and a
 * missing or malformed value stops the start with one line that says what to fix.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";

export class EnvError extends Error {
  override name = "EnvError";
}

let dotenvLoaded = false;

/** Reads `.env` from the working directory once, without overriding variables already set. */
function loadDotenv(): void {
  if (dotenvLoaded) return;
  dotenvLoaded = true;
  if (process.env.NODE_ENV !== "test" && existsSync(".env")) process.loadEnvFile(".env");
}

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a PostgreSQL URL such as postgresql://user:password@host:5432/database");

const port = z.coerce.number().int().min(1).max(65535);

const coreSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  KEEL_DATA_DIR: z.string().min(1).default(".data"),
  KEEL_PG_PORT: port.default(54329),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Jobs one worker runs at once: by default one per core (at least 2). More only queue up inside PostgreSQL on
   * the same cores, where they slow the webhook endpoint's writes (bench:ingest, docs/decisions/0006).
   */
  WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => Math.max(2, availableParallelism())),
  /**
   * The worker process's CPU niceness (0 = the web process's priority, 19 = the lowest): on a machine both
   * share, acknowledging webhooks comes before working through the queue (docs/decisions/0006-coalesced-fact-refresh.md).
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** A job locked this long by a worker whose process is gone goes back to the queue (app/jobs/worker-liveness). */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Where the Admin API lives; the sandbox store sets it, production leaves Shopify's. */
  SHOPIFY_ADMIN_API_ORIGIN: z.url().optional(),
  /** Demo mode: the sandbox shop whose admin pages may be opened without the Shopify admin. */
  KEEL_DEMO_SHOP: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain")
    .optional(),
});

const shopifySchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url("must be a URL"),
  SCOPES: z
    .string()
    .default(
      "read_products,read_inventory,read_orders,read_customers,write_customers,write_pixels,read_customer_events",
    )
    .transform((value) =>
      value
        .split(",")
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

/** What a missing variable is, for the one-line message. */
const hints: Record<string, string> = {
  SHOPIFY_API_KEY: "the app's client id, from the Partner Dashboard or `shopify app env show`",
  SHOPIFY_API_SECRET: "the app's client secret, from the Partner Dashboard or `shopify app env show`",
  SHOPIFY_APP_URL: "the public https URL the app is served at",
};

export type CoreEnv = z.infer<typeof coreSchema>;
export type ShopifyEnv = z.infer<typeof shopifySchema>;

function parse<T extends z.ZodType>(schema: T): z.infer<T> {
  loadDotenv();
  // An empty value (`DATABASE_URL=`) means unset, as shells and .env files write it.
  const values = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  const problem =
    process.env[name] === undefined || process.env[name] === ""
      ? `is missing${hints[name] ? ` (${hints[name]})` : ""}`
      : `is invalid: ${issue.message}`;
  throw new EnvError(`${name} ${problem}; set it in the environment or in .env (see README, Configuration)`);
}

/** Settings every Keel process needs (database, data folder, worker). */
export function coreEnv(): CoreEnv {
  const env = parse(coreSchema);
  // The sandbox and the demo's sign-in shortcut are for trying Keel out; a production server never has them.
  if (env.NODE_ENV === "production") {
    for (const name of ["KEEL_DEMO_SHOP", "SHOPIFY_ADMIN_API_ORIGIN"] as const) {
      if (env[name])
        throw new EnvError(
          `${name} is for the demo and the sandbox store and may not be set with NODE_ENV=production`,
        );
    }
  }
  return env;
}

/** Settings of the Shopify app itself (web process). */
export function shopifyEnv(): ShopifyEnv {
  return parse(shopifySchema);
}
