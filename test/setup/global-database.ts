// Once per test run: find the PostgreSQL server (DATABASE_URL, or Keel's embedded one, as the app would),
// and build a migrated template database (Keel's schema and the job queue's) that each test file clones (test/setup/database.ts). Names carry this
// run's id, so two runs against one server (a developer's and CI's) never touch each other's databases.
import type { TestProject } from "vitest/node";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { databaseUrl } from "../../app/db/database.server";
import { applyMigrations } from "../../app/db/migrations.server";

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const prefix = `keel_test_${process.pid}`;

// Each project (integration, e2e) runs this setup; they share one template, built once per test run.
const shared = globalThis as unknown as { keelTemplate?: Promise<string>; keelTeardowns?: number };

export default async function setup(project: TestProject) {
  shared.keelTemplate ??= buildTemplate();
  project.provide("databaseServerUrl", await shared.keelTemplate);
  project.provide("databasePrefix", prefix);
  shared.keelTeardowns = (shared.keelTeardowns ?? 0) + 1;
  return async () => {
    // The last project to finish drops every database of this run.
    if (--shared.keelTeardowns! > 0) return;
    const admin = new pg.Client({ connectionString: await shared.keelTemplate! });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname DESC",
        [`${prefix}%`],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}

async function buildTemplate(): Promise<string> {
  const serverUrl = await databaseUrl();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${prefix}_template WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${prefix}_template`);
  } finally {
    await admin.end();
  }
  const template = withDatabase(serverUrl, `${prefix}_template`);
  await applyMigrations(template);
  // The job queue's schema too, as every Keel process start prepares it: writes queue jobs in their transaction.
  await runMigrations({ connectionString: template, logger: new Logger(() => () => {}) });
  return serverUrl;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    databasePrefix: string;
  }
}
