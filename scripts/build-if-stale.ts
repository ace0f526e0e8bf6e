/**
 * The production build (build/server/index.js) made when it is missing or older than any file of app/: the
 * demo and bench:ingest serve the built app without asking a person to build it first.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestMtime(path));
    } else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `vite:build` when the build is stale (`onBuild` first, to say so); true when it built. */
export async function buildIfStale(onBuild: () => void = () => {}): Promise<boolean> {
  const built = "build/server/index.js";
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime("app")) return false;
  onBuild();
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    build.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`the build failed (exit ${code})`)),
    );
  });
  return true;
}
