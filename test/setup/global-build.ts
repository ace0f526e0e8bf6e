// Once per run of the e2e suite: build the app as production serves it.
import { execFileSync } from "node:child_process";

export default function build() {
  execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
    stdio: "pipe",
  });
}
