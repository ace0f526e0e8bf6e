/**
 * The one Prisma client of the app, over the pg driver adapter (Prisma 7 has no Rust query engine).
 * With no DATABASE_URL this first starts (or joins) Keel's embedded PostgreSQL.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./db/database.server";
import { coreEnv } from "./env.server";

export type Db = PrismaClient;

function createDb(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

// Vite's dev server re-evaluates modules on change: keep one client (one pool) per development process.
const globalForDb = globalThis as unknown as { keelDb?: Promise<PrismaClient> };
const connecting = databaseUrl().then(createDb);

export const db: PrismaClient =
  coreEnv().NODE_ENV === "development" ? await (globalForDb.keelDb ??= connecting) : await connecting;
