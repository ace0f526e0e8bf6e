// `npx keel status` on a database that has nothing in it yet, as a real process: the start prepares the
// schema (Keel's migrations and the queue's) and reports no shops.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function emptyDatabase(): Promise<string> {
  const url = new URL(process.env.DATABASE_URL as string);
  const name = `${url.pathname.slice(1)}_fresh`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.toString();
}

describe("keel status on an empty database", () => {
  it("migrates it and says there are no shops", async () => {
    const url = await emptyDatabase();
    const { stdout, stderr } = await run(process.execPath, ["bin/keel.mjs", "status"], {
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: "production" },
    });
    expect(stderr).toBe("");
    expect(stdout).toBe("No shops yet: install Keel in a store (or run the demo) and they appear here.\n");

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT to_regclass('public.shops') AS shops, to_regclass('graphile_worker._private_jobs') AS jobs",
    );
    await client.end();
    expect(rows[0]).toEqual({ shops: "shops", jobs: "graphile_worker._private_jobs" });
  });

  it("stops with one line when the database cannot be reached", async () => {
    const failure = run(process.execPath, ["bin/keel.mjs", "status"], {
      env: { ...process.env, DATABASE_URL: "postgresql://keel@127.0.0.1:1/keel" },
    });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: "keel status: cannot use the database at 127.0.0.1:1/keel: nothing is listening there\n",
    });
  });
});
