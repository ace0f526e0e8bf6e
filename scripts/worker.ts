/**
 * npm run worker: runs Keel's background jobs (app/jobs.server.ts) until stopped. On SIGTERM or SIGINT it stops
 * taking jobs, lets running ones finish, and exits 0. It runs at a lower CPU priority than the web process
 * (WORKER_NICE), which a queue that waits a little can afford and a webhook's acknowledgement cannot.
 */
import { getPriority, setPriority } from "node:os";
import { prepareDatabase } from "../app/db/prepare.server";
import { coreEnv } from "../app/env.server";
import { runMain } from "./run-main";

await runMain("worker", async () => {
  lowerPriority(coreEnv().WORKER_NICE);
  const { url } = await prepareDatabase();
  const { startWorker } = await import("../app/jobs.server");
  const runner = await startWorker({ connectionString: url });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`worker: received ${signal}: finishing running jobs, then stopping`);
      void runner.stop();
    });
  }
  await runner.promise;
  return 0;
});

/** Lowers this process's priority to `nice` (never raises it: that needs privileges, and a caller's nice wins). */
function lowerPriority(nice: number): void {
  if (nice <= getPriority()) return;
  try {
    setPriority(nice);
  } catch (error) {
    console.error(`worker: could not lower its CPU priority to ${nice}: ${(error as Error).message}`);
  }
}
