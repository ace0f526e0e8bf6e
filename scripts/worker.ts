/**
 * npm run worker: runs Keel's background jobs (app/jobs.server.ts) until stopped. On SIGTERM or SIGINT it stops
 * taking jobs, lets running ones finish, and exits 0.
 */
import { prepareDatabase } from "../app/db/prepare.server";
import { runMain } from "./run-main";

await runMain("worker", async () => {
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
