import { PassThrough } from "node:stream";
import { main } from "../../scripts/keel";

/** Runs `keel <args>` in this process and returns its exit status and what it printed. */
export async function keel(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}
