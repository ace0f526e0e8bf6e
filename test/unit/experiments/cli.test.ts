// The `keel experiment` command, run in-process. Reference values: scipy (see analyze.test.ts), from
//   /usr/bin/python3 scripts/reference/experiments/statistics.py  (fixture "example")
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { run } from "../../../scripts/keel/experiment.ts";

const examplePath = "test/fixtures/experiments/example-experiment.json";

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => chunks.join("") };
}

async function keel(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const status = await run(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

function writeInput(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "keel-experiment-")), "input.json");
  writeFileSync(path, content);
  return path;
}

describe("keel experiment", () => {
  it("prints the JSON analysis of the example", async () => {
    const { status, stdout } = await keel(["--input", examplePath]);
    expect(status).toBe(0);
    const output = JSON.parse(stdout);
    expect(Math.abs(output.srm.pValue - reference.example.srmPValue)).toBeLessThan(1e-12);
    expect(output.srm.flagged).toBe(false);
    expect(output.results).toHaveLength(2);
    const revenue = output.results[0];
    expect(Object.keys(revenue)).toEqual(
      expect.arrayContaining(["arm", "metric", "absolute", "relative", "sequential", "bayesian"]),
    );
    expect(Math.abs(revenue.absolute.pValue - reference.example.revenue.pValue)).toBeLessThan(1e-9);
    expect(revenue.sequential.relative.ci).toHaveLength(2);
    expect(revenue.bayesian.risk).toHaveLength(2);
  });

  it("honours --alpha, --tau and a one-sided alternative (open end written as null)", async () => {
    const { status, stdout } = await keel([
      "--input",
      examplePath,
      "--alpha",
      "0.1",
      "--tau",
      "20000",
      "--alternative",
      "greater",
    ]);
    expect(status).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.options).toMatchObject({ alpha: 0.1, tau: 20000, alternative: "greater" });
    expect(output.results[0].absolute.ci[1]).toBeNull();
  });

  it("prints a text report", async () => {
    const { status, stdout } = await keel([
      "--input",
      examplePath,
      "--format",
      "text",
      "--correction",
      "holm",
    ]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Sample ratio: p = 0\.515 \(ok\)/);
    expect(stdout).toMatch(/b vs control, revenue/);
    expect(stdout).toMatch(/adjusted p/);
  });

  it("names the field and what was expected in a malformed file", async () => {
    const experiment = JSON.parse(readFileSync(examplePath, "utf8"));
    experiment.arms[1].visitors = "3461";
    delete experiment.arms[0].metrics.revenue.sumSquares;
    const { status, stderr } = await keel(["--input", writeInput(JSON.stringify(experiment))]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/arms\[1\]\.visitors: .*expected number, received string/);

    experiment.arms[1].visitors = 3461;
    const second = await keel(["--input", writeInput(JSON.stringify(experiment))]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      /arms\[0\]\.metrics\.revenue\.sumSquares: missing: a mean metric needs sumSquares/,
    );
  });

  it("reports a metric an arm lacks, and invalid JSON", async () => {
    const missing = writeInput(
      JSON.stringify({
        arms: [{ name: "control", weight: 1, visitors: 10, metrics: {} }],
        metrics: { orders: { type: "proportion" } },
      }),
    );
    const first = await keel(["--input", missing]);
    expect(first.stderr).toMatch(/arms\[0\]\.metrics\.orders: missing: expected the sums of metric 'orders'/);
    const broken = await keel(["--input", writeInput("{ not json")]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/is not valid JSON/);
  });

  it("rejects bad options with usage", async () => {
    expect((await keel([])).status).toBe(2);
    expect((await keel(["--input", examplePath, "--alpha", "2"])).stderr).toMatch(
      /--alpha: invalid value '2'/,
    );
    expect((await keel(["--input", examplePath, "--format", "xml"])).status).toBe(2);
    expect((await keel(["--input", "/nonexistent/experiment.json"])).status).toBe(1);
  });
});
