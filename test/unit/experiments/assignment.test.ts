// Reference values: MurmurHash3 x86_32 from R's digest package (Appleby's C code) and the bucketing
// re-implemented in R, from  LANG=C.UTF-8 Rscript scripts/reference/experiments/assignment.R
// (fixture "assignment.json"). The hashes include SMHasher's published vectors ("" seed 1 → 0x514e28b7).
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/assignment.json" with { type: "json" };
import { assignArm, assignmentPosition, murmurHash3 } from "~/experiments/model/assignment.ts";
import { chiSquareSf } from "~/experiments/model/distributions.ts";

describe("MurmurHash3 x86_32", () => {
  for (const c of reference.hashes) {
    it(`hashes ${JSON.stringify(c.text)} with seed ${c.seed}`, () => {
      expect(murmurHash3(c.text, c.seed)).toBe(c.hash);
    });
  }
});

describe("assignment to arms", () => {
  it("matches the reference positions and arms", () => {
    for (const c of reference.assignments) {
      expect(assignmentPosition(c.experiment, c.visitor)).toBe(c.hash / 4294967296);
      expect(assignArm(c.experiment, c.visitor, c.weights)).toBe(c.arm);
    }
  });

  it("returns -1 when no arm has weight", () => {
    expect(assignArm("e", "v", [0, 0])).toBe(-1);
  });

  it("splits a million visitors uniformly (chi-square against the weights)", () => {
    // 1,000,000 ids into 100 equal buckets, and into three arms weighted 0.2/0.3/0.5. Deterministic ids, so
    // the p-values are fixed numbers; a broken hash (bias, lost bits) gives p far below 1e-3.
    const buckets = new Float64Array(100);
    const arms = new Float64Array(3);
    const weights = [0.2, 0.3, 0.5];
    const total = 1_000_000;
    for (let i = 0; i < total; i++) {
      const visitor = `visitor-${i}`;
      buckets[Math.floor(assignmentPosition("exp-uniformity", visitor) * 100)]++;
      arms[assignArm("exp-weights", visitor, weights)]++;
    }
    let bucketChi = 0;
    for (const count of buckets) bucketChi += (count - total / 100) ** 2 / (total / 100);
    let armChi = 0;
    arms.forEach((count, i) => (armChi += (count - total * weights[i]) ** 2 / (total * weights[i])));
    expect(chiSquareSf(bucketChi, 99)).toBeGreaterThan(0.001);
    expect(chiSquareSf(armChi, 2)).toBeGreaterThan(0.001);
  });

  it("gives different experiments independent splits", () => {
    let same = 0;
    for (let i = 0; i < 10_000; i++) {
      if (assignArm("exp-a", `v${i}`, [1, 1]) === assignArm("exp-b", `v${i}`, [1, 1])) same++;
    }
    // Independent 50/50 splits agree about half the time: 5,000 ± 3·50.
    expect(Math.abs(same - 5000)).toBeLessThan(150);
  });
});
