// Debian's Chromium driven by playwright-core (Playwright cannot download its own browser here).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const executablePath = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error("Chromium is not installed: apt-get install -y chromium (.ci/run does this)");
  }
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
