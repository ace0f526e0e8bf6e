import { describe, expect, it } from "vitest";
import { keel } from "../../support/cli";

describe("keel", () => {
  it("lists its commands and exits 2 when given none", async () => {
    const result = await keel([]);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/^Usage: keel <command>/);
    expect(result.out).toMatch(/\n {2}status {6}install and sync state/);
  });

  it("names an unknown command", async () => {
    const result = await keel(["stauts"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^keel: unknown command 'stauts'/);
  });

  it("refuses a bad --format for status before touching the database", async () => {
    const result = await keel(["status", "--format", "xml"]);
    expect(result.code).toBe(2);
    expect(result.err).toBe("keel status: --format must be text or json, not 'xml'\n");
  });
});
