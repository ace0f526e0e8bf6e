// A worker process that dies without stopping leaves its jobs locked (graphile-worker keeps them four hours):
// live workers hold a liveness lock per worker id, and the jobs of ids whose lock nobody holds go back to the
// queue, while a live worker's stay its own.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeQueue, enqueue, startWorker } from "~/jobs.server";
import { unlockJobsOfDeadWorkers } from "~/jobs/worker-liveness.server";

afterAll(async () => {
  await closeQueue();
  await db.$disconnect();
});

const url = () => process.env.DATABASE_URL as string;

async function lockJob(client: pg.Client, jobId: string, worker: string, ageSeconds: number) {
  await client.query(
    `UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now() - make_interval(secs => $3)
     WHERE id = $1`,
    [jobId, worker, ageSeconds],
  );
}

describe("dead workers' jobs", () => {
  it("are unlocked when their worker's liveness lock is free, and a live or new worker's are not", async () => {
    // Far in the future, so that no worker runs them while the test looks.
    const later = new Date(Date.now() + 86_400_000);
    const [dead, alive, fresh] = await Promise.all(
      ["dead", "alive", "fresh"].map((name) =>
        enqueue("prune-webhook-events", { name }, { jobKey: `liveness-${name}`, runAt: later }),
      ),
    );
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    const holder = new pg.Client({ connectionString: url() });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(hashtextextended('keel:graphile-worker:' || $1::text, 0))", [
      "worker-alive",
    ]);
    await lockJob(client, dead.id, "worker-dead", 300);
    await lockJob(client, alive.id, "worker-alive", 300);
    await lockJob(client, fresh.id, "worker-fresh", 5); // within the grace: may not hold its lock yet

    expect(await unlockJobsOfDeadWorkers(url(), 60)).toEqual(["worker-dead"]);
    const { rows } = await client.query<{ key: string; locked_by: string | null }>(
      "SELECT key, locked_by FROM graphile_worker._private_jobs WHERE key LIKE 'liveness-%' ORDER BY key",
    );
    expect(rows).toEqual([
      { key: "liveness-alive", locked_by: "worker-alive" },
      { key: "liveness-dead", locked_by: null },
      { key: "liveness-fresh", locked_by: "worker-fresh" },
    ]);
    await holder.end();
    await client.end();
  });

  it("are told apart from a running worker's: startWorker holds a liveness lock for each of its workers", async () => {
    const runner = await startWorker({ concurrency: 2, connectionString: url() });
    try {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      await client.end();
      expect(rows[0].n).toBe(2);
    } finally {
      await runner.stop();
    }
  });
});
