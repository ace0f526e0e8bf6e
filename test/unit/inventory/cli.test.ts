/**
 * `keel forecast` end to end on a small CSV: output columns, bad rows reported with their line numbers,
 * exit status. The one numeric check is a hand computation (moving average of the days there are).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../../scripts/keel/forecast.ts";

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (c) => chunks.push(String(c)));
  return { stream, text: () => chunks.join("") };
}

async function forecastCli(csv: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "keel-forecast-cli-"));
  const input = join(dir, "history.csv");
  writeFileSync(input, csv);
  const stdout = capture();
  const stderr = capture();
  const status = await run(["--input", input, ...args], { stdout: stdout.stream, stderr: stderr.stream });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

const CSV = [
  "series_id,date,quantity,in_stock",
  "A,2024-01-01,3,1",
  "A,2024-01-02,oops,1",
  "A,2024-02-30,3,1",
  "A,2024-01-03,6,1",
  ",2024-01-03,1,1",
  "B,2024-01-02,2,",
  "B,2024-01-03,4,2",
].join("\n");

describe("keel forecast", () => {
  it("forecasts every good series, reports bad rows by line and exits 0", async () => {
    const { status, stdout, stderr } = await forecastCli(CSV, ["--horizon", "2"]);
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("series_id,date,mean,lo_80,hi_80,lo_95,hi_95,model");
    expect(lines).toHaveLength(1 + 2 * 2);
    // Series A: days 1-3 = 3, 0 (missing day), 6 → moving average 3; B: 2 and a missing day → 1.
    expect(lines[1]).toMatch(/^A,2024-01-04,3,/);
    expect(lines[3]).toMatch(/^B,2024-01-04,1,/);
    expect(stderr).toContain("line 3: quantity 'oops' is not a number");
    expect(stderr).toContain("line 4: date '2024-02-30' is not a valid YYYY-MM-DD date");
    expect(stderr).toContain("line 6: empty series_id");
    expect(stderr).toContain("line 8: in_stock '2' is not 0 or 1");
  });

  it("writes JSON objects with one lo/hi pair per requested level", async () => {
    const { status, stdout } = await forecastCli(CSV, [
      "--horizon",
      "1",
      "--level",
      "90",
      "--format",
      "json",
    ]);
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(["series_id", "date", "mean", "lo_90", "hi_90", "model"]);
  });

  it("exits 2 on bad options and 1 when nothing could be forecast", async () => {
    expect((await forecastCli(CSV, ["--horizon", "0"])).status).toBe(2);
    expect((await forecastCli(CSV, ["--level", "120"])).status).toBe(2);
    expect((await forecastCli("series_id,date,quantity\n,2024-01-01,1\n", [])).status).toBe(1);
    expect((await forecastCli("id,day,units\nA,2024-01-01,1\n", [])).status).toBe(2);
  });
});
