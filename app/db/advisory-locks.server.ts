/**
 * Transaction-scoped advisory locks on named keys. All of a set are taken in one statement and in key order, so
 * two transactions locking overlapping sets wait for each other instead of deadlocking; they are released at
 * commit or rollback.
 */
import type { Prisma } from "../generated/prisma/client";

export async function lockKeys(tx: Prisma.TransactionClient, keys: Iterable<string>): Promise<void> {
  const list = [...new Set(keys)];
  if (list.length === 0) return;
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(key) FROM (
       SELECT DISTINCT hashtextextended(k, 0) AS key FROM unnest($1::text[]) AS k ORDER BY key) AS keys`,
    list,
  );
}
