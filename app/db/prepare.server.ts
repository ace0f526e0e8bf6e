/**
 * Every Keel process (web, worker, CLI) starts here: find the database, check that it answers, and bring
 * its schema (Keel's tables and the job queue's) up to date. A migration that failed part-way earlier stops the start with what to do; it is
 * never retried on its own.
 */
import { Logger, runMigrations as migrateQueue } from "graphile-worker";
import pg from "pg";
import { assertReachable, databaseUrl } from "./database.server";
import { applyMigrations, migrationState } from "./migrations.server";
import { SchemaEngineError } from "./schema-engine.server";

const quietLogger = new Logger(() => () => {});

export async function prepareDatabase(): Promise<{ url: string; applied: string[] }> {
  const url = await databaseUrl();
  await assertReachable(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let state;
  try {
    state = await migrationState((sql) => client.query(sql));
  } finally {
    await client.end();
  }
  if (state.failed.length > 0) {
    throw new SchemaEngineError(
      `migration ${state.failed.join(", ")} failed part-way in an earlier run and is not retried: inspect the ` +
        `database, finish or undo its statements by hand, delete its row from _prisma_migrations, then start again`,
    );
  }
  const applied = state.pending.length > 0 ? await applyMigrations(url) : [];
  // The job queue keeps its own schema (graphile_worker) with its own migrations.
  await migrateQueue({ connectionString: url, logger: quietLogger });
  return { url, applied };
}
