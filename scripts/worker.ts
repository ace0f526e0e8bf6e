/** npm run worker: runs Keel's background jobs (jobs.server.ts) until stopped with Ctrl-C or SIGTERM. */
import { prepareDatabase } from "../app/db/prepare.server";
import { runMain } from "./run-main";

await runMain("worker", async () => {
  const { url } = await prepareDatabase();
  const { startWorker } = await import("../app/jobs.server");
  const runner = await startWorker({ connectionString: url });
  await runner.promise;
});
