/**
 * npm start: prepare the database (embedded or DATABASE_URL; pending migrations applied, a failed one
 * reported), check the app's settings, then serve the built app (scripts/serve.ts).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { prepareDatabase } from "../app/db/prepare.server";
import { shopifyEnv } from "../app/env.server";
import { runMain } from "./run-main";

await runMain("keel", async () => {
  shopifyEnv();
  if (!existsSync("build/server/index.js")) {
    console.error("keel: the app is not built: run npm run build first");
    return 1;
  }
  const { applied } = await prepareDatabase();
  if (applied.length) console.log(`Applied migrations ${applied.join(", ")}`);
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    stdio: "inherit",
  });
  // A process manager stops us with SIGTERM (a terminal with SIGINT): pass it on, end when the server has.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  return new Promise<number>((resolve) =>
    server.on("exit", (code, signal) =>
      resolve(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1)),
    ),
  );
});
