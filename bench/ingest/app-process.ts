/**
 * The built app served as the web process (scripts/serve.ts, as `npm start` runs it), built first when the
 * build is missing or older than app/.
 */
import { spawn, type ChildProcess } from "node:child_process";
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

/** Runs `npm run build` when build/server/index.js is missing or older than any file of app/. */
export async function buildIfStale(): Promise<boolean> {
  const built = "build/server/index.js";
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime("app")) return false;
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

export interface AppProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Serves the built app on `port` with `env`; resolves once /healthz answers. */
export async function startAppProcess(port: number, env: Record<string, string>): Promise<AppProcess> {
  // BENCH_APP_NODE_ARGS (e.g. "--cpu-prof") goes to the app's node: for profiling the endpoint.
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "scripts/serve.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
      if (i > 600) throw new Error("the app did not answer in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
