// Before each integration test file: a fresh database of its own, cloned from the migrated template (fast,
// and no cleanup code), named after the run and the worker so that parallel files never share one.
import { inject } from "vitest";
import pg from "pg";
import { withDatabase } from "./global-database";

const serverUrl = inject("databaseServerUrl");
const prefix = inject("databasePrefix");
const name = `${prefix}_${process.env.VITEST_POOL_ID ?? "0"}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
try {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${prefix}_template`);
} finally {
  await admin.end();
}
process.env.DATABASE_URL = withDatabase(serverUrl, name);
