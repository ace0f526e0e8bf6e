// Once per test run: find the PostgreSQL server (DATABASE_URL, or Keel's embedded one, as the app would),
// and build a migrated template database that each test file clones (test/setup/database.ts).
import type { TestProject } from "vitest/node";
import pg from "pg";
import { databaseUrl } from "../../app/db/database.server";
import { applyMigrations } from "../../app/db/migrations.server";

export const TEMPLATE = "keel_test_template";

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// Each project (integration, e2e) runs this setup; they share one template, built once per test run.
const shared = globalThis as unknown as { keelTemplate?: Promise<string> };

export default async function setup(project: TestProject) {
  shared.keelTemplate ??= buildTemplate();
  project.provide("databaseServerUrl", await shared.keelTemplate);
}

async function buildTemplate(): Promise<string> {
  const serverUrl = await databaseUrl();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  await applyMigrations(withDatabase(serverUrl, TEMPLATE));
  return serverUrl;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
  }
}
