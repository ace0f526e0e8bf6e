import { describe, expect, it } from "vitest";
import {
  MoneyBagCache,
  dayString,
  formatMinor,
  gid,
  isoTime,
  londonDayNumber,
  londonLocalToUtc,
  londonOffsetMs,
  parseMinor,
} from "../../../../sandbox/store/ids";
import { createRandom } from "../../../../sandbox/store/random";

const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("ids, money and the shop's clock", () => {
  it("formats global ids and Money strings with two decimals", () => {
    expect(gid("Order", 536365)).toBe("gid://shopify/Order/536365");
    expect([0, 5, 255, 100, -1, -1050, 3895000].map(formatMinor)).toEqual([
      "0.00",
      "0.05",
      "2.55",
      "1.00",
      "-0.01",
      "-10.50",
      "38950.00",
    ]);
    // The data's prices: "2.1" has one decimal, "0.001" (PADS) three, "-11062.06" is negative.
    expect(["2.55", "2.1", "0.001", "0.005", "-11062.06", "649.5"].map(parseMinor)).toEqual([
      255, 210, 0, 1, -1106206, 64950,
    ]);
  });

  it("shares MoneyV2 objects and repeated bags", () => {
    const cache = new MoneyBagCache();
    expect(cache.get(255, "GBP")).toBe(cache.get(255, "GBP"));
    const bag = cache.bag(1000, "GBP", 1270, "USD");
    expect(bag).toEqual({
      shopMoney: { amount: "10.00", currencyCode: "GBP" },
      presentmentMoney: { amount: "12.70", currencyCode: "USD" },
    });
    expect(bag.shopMoney).toBe(cache.money(1000, "GBP"));
    expect(cache.bag(5, "GBP").presentmentMoney).toBe(cache.bag(5, "GBP").shopMoney);
  });

  it("follows UK summer time like the tz database", () => {
    // Offsets and dates from Python's zoneinfo (Europe/London):
    // python3 -c "from datetime import *; from zoneinfo import ZoneInfo; print(datetime(2026,3,29,1,
    //   tzinfo=timezone.utc).astimezone(ZoneInfo('Europe/London')).utcoffset())"  (and likewise for each case)
    expect(londonOffsetMs(utc("2026-03-29T00:59:59"))).toBe(0);
    expect(londonOffsetMs(utc("2026-03-29T01:00:00"))).toBe(3_600_000);
    expect(londonOffsetMs(utc("2026-10-25T00:59:59"))).toBe(3_600_000);
    expect(londonOffsetMs(utc("2026-10-25T01:00:00"))).toBe(0);
    expect(londonOffsetMs(utc("2011-12-09T12:50:00"))).toBe(0);
    expect(dayString(londonDayNumber(utc("2024-07-01T23:30:00")))).toBe("2024-07-02");
    expect(isoTime(londonLocalToUtc(utc("2011-05-19T14:30:00")))).toBe("2011-05-19T13:30:00Z");
    expect(isoTime(londonLocalToUtc(utc("2011-01-05T09:54:00")))).toBe("2011-01-05T09:54:00Z");
    // In the autumn overlap the first (summer) reading wins, as zoneinfo's fold=0 does.
    expect(isoTime(londonLocalToUtc(utc("2026-10-25T00:30:00")))).toBe("2026-10-24T23:30:00Z");
  });
});

describe("seeded random numbers", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1).every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it("draws from the stated distributions (sample means against the analytic means)", () => {
    // Analytic means: Gamma(k, rate) k/rate; Beta(a, b) a/(a+b); Poisson(m) m; Geometric failures (1-p)/p;
    // Exponential 1/rate. 40,000 draws each; tolerance five standard errors from the analytic variances.
    const random = createRandom(2024);
    const n = 40_000;
    const mean = (draw: () => number) => {
      let total = 0;
      for (let i = 0; i < n; i++) total += draw();
      return total / n;
    };
    const within = (value: number, expected: number, variance: number) =>
      expect(Math.abs(value - expected)).toBeLessThan(5 * Math.sqrt(variance / n));
    within(
      mean(() => random.gamma(0.243, 4.414)),
      0.243 / 4.414,
      0.243 / 4.414 ** 2,
    );
    within(
      mean(() => random.gamma(2, 1)),
      2,
      2,
    );
    within(
      mean(() => random.beta(0.793, 2.426)),
      0.793 / 3.219,
      (0.793 * 2.426) / (3.219 ** 2 * 4.219),
    );
    within(
      mean(() => random.poisson(4)),
      4,
      4,
    );
    within(
      mean(() => random.geometric(0.6)),
      0.4 / 0.6,
      0.4 / 0.36,
    );
    within(
      mean(() => random.exponential(0.125)),
      8,
      64,
    );
    within(
      mean(() => random.normal()),
      0,
      1,
    );
  });
});
