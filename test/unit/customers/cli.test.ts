import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../../scripts/keel/customers.ts";
import { cdnowReference, cdnowSampleOrders } from "./cdnow-data.ts";

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

async function keel(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture();
  const status = await run(argv, { stdout: out.stream, stderr: err.stream });
  return { status, stdout: out.text(), stderr: err.text() };
}

const dir = mkdtempSync(join(tmpdir(), "keel-customers-"));
const small = join(dir, "small.csv");
writeFileSync(
  small,
  [
    "customer_id,order_id,date,amount,tags",
    "a,1,2025-01-05,10,",
    "a,1,2025-01-05,5,wholesale", // second line of order 1: summed
    "a,2,2025-01-20,30,",
    "a,3,2025-02-10T09:30:00Z,50,",
    "b,4,2025-13-01,20,", // bad month
    "b,5,2025-02-01,abc,", // bad amount
    ",6,2025-02-01,10,", // no customer
    "b,7,2025-02-01,20,",
    "c,8,2025-03-01,15,",
    "c,9,2025-05-01,99,", // after the as-of date
  ].join("\n"),
);

describe("keel customers", () => {
  it("reports bad rows with their line numbers, sums order lines and writes the CSV columns", async () => {
    const r = await keel(["--input", small, "--as-of", "2025-03-31", "--unit", "day"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('line 6: date "2025-13-01" is not YYYY-MM-DD; row skipped');
    expect(r.stderr).toContain('line 7: amount "abc" is not a number; row skipped');
    expect(r.stderr).toContain("line 8: empty customer_id; row skipped");
    expect(r.stderr).toContain("1 orders after 2025-03-31 left out");
    expect(r.stderr).toMatch(/3 of 3 customers scored by the small-shop heuristic \(1 repeat customers/);
    const [header, ...rows] = r.stdout.trim().split("\n");
    expect(header).toBe(
      "customer_id,frequency,recency,T,monetary,r_score,f_score,m_score,rfm_group,p_alive,expected_purchases,predicted_clv",
    );
    // Customer a: purchase days Jan 5 (15), Jan 20 (30), Feb 10 (50) → x = 2, t_x = 36, T = 85, m̄ = 40.
    expect(rows[0].split(",").slice(0, 5)).toEqual(["a", "2", "36", "85", "40"]);
    expect(rows.map((line) => line.split(",")[0])).toEqual(["a", "b", "c"]);
  });

  it("filters by a segment rule and explains each match", async () => {
    const r = await keel([
      "--input",
      small,
      "--as-of",
      "2025-03-31",
      "--unit",
      "day",
      "--format",
      "json",
      "--segment",
      'tag = "Wholesale" AND orders >= 3',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.customers).toHaveLength(1);
    expect(out.customers[0]).toMatchObject({
      customer_id: "a",
      explanation: ['tag = "Wholesale" (tag has "wholesale")', "orders >= 3 (orders is 3)"],
    });
    expect(r.stderr).toContain("in Shopify: customer_tags CONTAINS 'Wholesale' AND number_of_orders >= 3");
  });

  it("shows where a segment rule is wrong", async () => {
    const r = await keel(["--input", small, "--as-of", "2025-03-31", "--segment", "orders >= 3 AND"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("line 1, column 16: expected a field name, found end of rule");
    expect(r.stderr).toContain("  orders >= 3 AND\n                 ^");
  });

  it("refuses missing or malformed options with usage", async () => {
    expect((await keel(["--as-of", "2025-03-31"])).status).toBe(2);
    expect((await keel(["--input", small, "--as-of", "31/03/2025"])).stderr).toContain(
      "is not a date YYYY-MM-DD",
    );
    expect((await keel(["--input", small, "--as-of", "2025-03-31", "--unit", "month"])).status).toBe(2);
  });

  it("recovers the published CDNOW parameters from a CSV of the sample (JSON output)", async () => {
    const csv = join(dir, "cdnow.csv");
    const lines = cdnowSampleOrders().map(
      (o, i) => `${o.customerId},${i},${new Date(o.orderedAtMs).toISOString().slice(0, 10)},${o.amount}`,
    );
    writeFileSync(csv, ["customer_id,order_id,date,amount", ...lines].join("\n"));
    const r = await keel([
      "--input",
      csv,
      "--as-of",
      "1997-09-30",
      "--unit",
      "week",
      "--horizon",
      "39",
      "--format",
      "json",
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    // Fader, Hardie & Lee (2005) and Fader & Hardie (2013); scipy values from cdnow_reference.py.
    const ref = cdnowReference();
    expect(out.params.bgnbd.r).toBeCloseTo(0.243, 3);
    expect(out.params.bgnbd.alpha).toBeCloseTo(4.414, 3);
    expect(out.params.bgnbd.a).toBeCloseTo(0.793, 3);
    expect(out.params.bgnbd.b).toBeCloseTo(2.426, 3);
    expect(out.params.bgnbd.logLikelihood).toBeCloseTo(ref.bgnbd.logLikelihood, 4);
    expect(out.params.gammaGamma.p).toBeCloseTo(6.25, 2);
    expect(out.params.gammaGamma.q).toBeCloseTo(3.74, 2);
    expect(out.params.gammaGamma.v).toBeCloseTo(15.44, 2);
    expect(out.trusted).toBe(true);
    expect(out.customers).toHaveLength(2357);
    expect(Object.keys(out.customers[0])).toEqual([
      "customer_id",
      "frequency",
      "recency",
      "T",
      "monetary",
      "r_score",
      "f_score",
      "m_score",
      "rfm_group",
      "p_alive",
      "expected_purchases",
      "predicted_clv",
    ]);
  });
});
