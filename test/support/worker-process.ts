// Keel's worker as a real child process (`npm run worker`: scripts/worker.ts), for tests and benchmarks that
// kill it: started, waited for until it takes jobs, killed with a signal, and the supervisor's step after a
// crash (the jobs the dead process held are handed back to the queue).
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts scripts/worker.ts with `env` on top of this process's; resolves once it is looking for jobs. */
export async function startWorkerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the worker did not start in ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      // The tail is enough to explain a failure; a worker logs a line per job.
      output = (output + chunk.toString("utf8")).slice(-20_000);
      // graphile-worker's line once its listener is up.
      if (output.includes("looking for jobs")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before taking jobs: ${output}`));
    });
  });
  return {
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * What a supervisor does after a worker process died without stopping (SIGKILL, a lost machine): the jobs it
 * had locked are unlocked for the next worker. graphile-worker would otherwise leave them locked for 4 hours.
 * Call it only when no other worker is running, since every locked job is then the dead one's.
 */
export async function unlockJobsOfDeadWorkers(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked_by: string }>(
      "SELECT DISTINCT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL",
    );
    const workers = rows.map((r) => r.locked_by);
    if (workers.length > 0)
      await client.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [workers]);
    return workers;
  } finally {
    await client.end();
  }
}
