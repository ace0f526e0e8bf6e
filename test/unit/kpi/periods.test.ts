import { describe, expect, it } from "vitest";
import { change, dayInZone, daysOf, lastDays, parsePeriod, previousPeriod } from "~/kpi/model/periods";

describe("reporting periods", () => {
  it("compares a period with the one of equal length just before it, across month ends and leap days", () => {
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-07" })).toEqual({
      from: "2026-10-25",
      to: "2026-10-31",
    });
    expect(previousPeriod({ from: "2028-03-01", to: "2028-03-31" })).toEqual({
      from: "2028-01-30",
      to: "2028-02-29",
    });
  });

  it("lists every day and the last N days", () => {
    expect(daysOf({ from: "2026-12-30", to: "2027-01-02" })).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(lastDays("2026-11-30", 30)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });

  it.each([
    ["2026-02-30", "2026-03-01", 'from must be a date as YYYY-MM-DD, not "2026-02-30"'],
    ["2026-11-05", "yesterday", 'to must be a date as YYYY-MM-DD, not "yesterday"'],
    ["2026-11-05", "2026-11-01", "the period must start on or before its last day"],
    ["2020-01-01", "2026-01-01", "a period may be at most 1098 days long"],
  ])("refuses %s to %s", (from, to, reason) => {
    expect(parsePeriod(from, to)).toEqual({ ok: false, reason });
  });

  it("reports change, and no change without a base", () => {
    expect(change(150, 100)).toBe(0.5);
    expect(change(5, 0)).toBeNull();
  });

  it("finds today in the shop's time zone", () => {
    expect(dayInZone(new Date("2026-11-30T03:00:00Z"), "America/New_York")).toBe("2026-11-29");
    expect(dayInZone(new Date("2026-11-30T03:00:00Z"), "Asia/Tokyo")).toBe("2026-11-30");
  });
});
