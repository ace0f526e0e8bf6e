// The built app started as in production (`npm start`: database prepared, then scripts/serve.ts), on a free
// port, with the given environment.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./ports";

export interface AppServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status > 0) break;
    } catch {
      if (child.exitCode !== null) throw new Error(`the app exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`the app did not answer in 30 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        child.once("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`npm start exited ${code}: ${output}`)),
        );
        child.kill("SIGTERM");
      }),
  };
}
