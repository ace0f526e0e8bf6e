/** The built app served as the web process (scripts/serve.ts, as `npm start` runs it). */
import { spawn, type ChildProcess } from "node:child_process";

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
