/**
 * Which PostgreSQL Keel uses: the server named by DATABASE_URL, or else its own embedded one under
 * KEEL_DATA_DIR (started on first use and shared by every Keel process on this machine).
 */
import { join } from "node:path";
import pg from "pg";
import { coreEnv } from "../env.server";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.server";

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

let embedded: Promise<EmbeddedPostgres> | undefined;

/** The database URL, starting the embedded server when no DATABASE_URL is set. */
export async function databaseUrl(): Promise<string> {
  const env = coreEnv();
  if (env.DATABASE_URL) return env.DATABASE_URL;
  embedded ??= startEmbeddedPostgres({
    dataDir: join(env.KEEL_DATA_DIR, "postgres"),
    port: env.KEEL_PG_PORT,
  });
  return (await embedded).url;
}

/** Where a URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * Connects once and answers with a clear error when the server cannot be reached or refuses us,
 * instead of the driver's stack trace on the first query.
 */
export async function assertReachable(url: string, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "ECONNREFUSED"
        ? "nothing is listening there"
        : code === "ENOTFOUND"
          ? "the host name does not resolve"
          : code === "3D000"
            ? "that database does not exist (create it, or point DATABASE_URL at one that does)"
            : code === "28P01" || code === "28000"
              ? "the server refused the user name or password"
              : (error as Error).message;
    throw new DatabaseUnavailableError(`cannot use the database at ${describeUrl(url)}: ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
