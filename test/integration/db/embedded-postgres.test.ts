// Keel's embedded PostgreSQL, shared by several processes: real server binaries, real child processes.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "~/db/embedded-postgres.server";
import { freePort } from "../../support/ports";

const dataDir = mkdtempSync(join(tmpdir(), "keel-embedded-"));
// As root the server runs as the "postgres" user, which must be able to enter the folder.
chmodSync(dataDir, 0o755);
const children: ChildProcessWithoutNullStreams[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Starts another Keel process attached to the shared server and waits until it is ready. */
async function attach(port: number) {
  const child = spawn(process.execPath, [
    "--import",
    "tsx",
    "test/support/embedded-client.ts",
    dataDir,
    String(port),
  ]);
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => output.includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`client exited with ${code}: ${output}`)));
  });
  const url = /ready (\S+)/.exec(output)![1];
  return {
    child,
    url,
    release: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin.write("release\n");
      }),
  };
}

async function query(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("is shared by several processes and stops with the last one", async () => {
    const port = await freePort();
    const web = await attach(port);
    const worker = await attach(port);
    expect(worker.url).toBe(web.url);
    expect(await query(web.url)).toMatch(/^18\./);

    await web.release();
    expect(await listening(port)).toBe(true); // the worker still uses it
    expect(await query(worker.url)).toMatch(/^18\./);

    await worker.release();
    expect(await listening(port)).toBe(false);
    expect(readdirSync(join(dataDir, "clients"))).toEqual([]);
  });

  it("recovers what a crashed process left: its client entry and a stale postmaster.pid", async () => {
    const port = await freePort();
    const crashed = await attach(port);
    crashed.child.kill("SIGKILL");
    await new Promise((resolve) => crashed.child.once("exit", resolve));
    expect(readdirSync(join(dataDir, "clients"))).toEqual([String(crashed.child.pid)]);

    // The dead process's entry does not keep the server alive once the last live process leaves.
    const next = await attach(port);
    await next.release();
    expect(await listening(port)).toBe(false);
    expect(readdirSync(join(dataDir, "clients"))).toEqual([]);

    // A postmaster.pid naming a process that no longer exists (a crash of the server itself).
    writeFileSync(join(dataDir, "cluster/postmaster.pid"), "999999\n");
    const handle = await startEmbeddedPostgres({ dataDir, port });
    expect(await query(handle.url)).toMatch(/^18\./);
    handle.release();
    expect(existsSync(join(dataDir, "cluster/postmaster.pid"))).toBe(false);
  });

  it("says so clearly when its port is taken by another program", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const start = startEmbeddedPostgres({ dataDir, port });
      await expect(start).rejects.toThrow(EmbeddedPostgresError);
      await expect(start).rejects.toThrow(
        `port ${port} is already used by another program (another PostgreSQL?): set KEEL_PG_PORT to a free port, or DATABASE_URL to use that server`,
      );
    } finally {
      blocker.close();
    }
  });
});
