import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../../scripts/keel";

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  return { io: { stdout, stderr }, text: () => ({ out, err }) };
}

describe("keel", () => {
  it("lists its commands and exits 2 when given none", async () => {
    const { io, text } = capture();
    expect(await main([], io)).toBe(2);
    expect(text().out).toMatch(/^Usage: keel <command>/);
    expect(text().out).toMatch(/\n {2}status {6}install and sync state/);
  });

  it("names an unknown command", async () => {
    const { io, text } = capture();
    expect(await main(["stauts"], io)).toBe(2);
    expect(text().err).toMatch(/^keel: unknown command 'stauts'/);
  });

  it("refuses a bad --format for status before touching the database", async () => {
    const { io, text } = capture();
    expect(await main(["status", "--format", "xml"], io)).toBe(2);
    expect(text().err).toBe("keel status: --format must be text or json, not 'xml'\n");
  });
});
