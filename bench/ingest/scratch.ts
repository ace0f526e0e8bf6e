/**
 * A scratch database for the ingest benchmark: a database on DATABASE_URL's server (dropped at the end), or a
 * scratch embedded PostgreSQL in a temporary folder; Keel's migrations and the job queue's schema applied.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { applyMigrations } from "../../app/db/migrations.server";

export interface Scratch {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(name = "keel_bench_ingest"): Promise<Scratch> {
  let scratch: Scratch;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    scratch = {
      url: url.toString(),
      drop: async () => {
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "keel-bench-ingest-"));
    chmodSync(dir, 0o755);
    const handle = await startEmbeddedPostgres({ dataDir: dir, port: 54397 });
    scratch = {
      url: handle.url,
      drop: async () => {
        handle.release();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await applyMigrations(scratch.url);
  await runMigrations({ connectionString: scratch.url, logger: new Logger(() => () => {}) });
  return scratch;
}
