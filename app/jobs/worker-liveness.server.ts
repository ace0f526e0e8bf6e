/**
 * graphile-worker 0.16 leaves the jobs of a worker that died without stopping (SIGKILL, a lost machine) locked
 * for four hours. So each worker process holds a PostgreSQL session advisory lock per graphile worker id, on a
 * connection of its own, which PostgreSQL releases the moment that process or connection is gone; any worker
 * can then tell a dead worker's locks from a live one's and hand the dead one's jobs back to the queue.
 */
import { EventEmitter } from "node:events";
import type { WorkerEvents } from "graphile-worker";
import pg from "pg";

const LOCK_KEY = (param: string) => `hashtextextended('keel:graphile-worker:' || ${param}, 0)`;

export interface Liveness {
  /** Pass to graphile-worker's run(): each worker it creates is locked as alive. */
  events: WorkerEvents;
  /** Resolves once every worker created so far holds its lock. */
  ready(): Promise<void>;
  release(): Promise<void>;
}

/** `onLost`: the liveness connection failed, so others may take this process's jobs: it must stop. */
export async function holdLiveness(
  connectionString: string,
  onLost: (error: Error) => void,
): Promise<Liveness> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  client.on("error", onLost);
  const events: WorkerEvents = new EventEmitter();
  const taken: Promise<unknown>[] = [];
  events.on("worker:create", ({ worker }) => {
    taken.push(client.query(`SELECT pg_advisory_lock(${LOCK_KEY("$1::text")})`, [worker.workerId]));
  });
  return {
    events,
    ready: async () => {
      await Promise.all(taken);
    },
    release: async () => {
      client.removeListener("error", onLost);
      await client.end();
    },
  };
}

/**
 * Unlocks the jobs of workers that are gone: locked for longer than `graceSeconds` (a worker takes its lock just
 * after it starts) by a worker id whose liveness lock nobody holds. Returns the dead workers' ids.
 */
export async function unlockJobsOfDeadWorkers(
  connectionString: string,
  graceSeconds: number,
): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Taking a worker's lock succeeds only when no session holds it; the transaction releases it again.
    const { rows } = await client.query<{ worker: string }>(
      `SELECT worker FROM (
         SELECT DISTINCT locked_by AS worker FROM graphile_worker._private_jobs
         WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)) AS candidates
       WHERE pg_try_advisory_xact_lock(${LOCK_KEY("worker")})`,
      [graceSeconds],
    );
    const dead = rows.map((row) => row.worker);
    if (dead.length > 0)
      await client.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [dead]);
    await client.query("COMMIT");
    return dead;
  } finally {
    await client.end();
  }
}
