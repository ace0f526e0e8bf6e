/**
 * Reporting periods in a shop's own calendar: whole days `from`..`to` (inclusive, YYYY-MM-DD), and the
 * period of the same length just before, which every figure is compared with.
 */

export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Days in the period, both ends included. */
export const periodDays = (period: Period) =>
  Math.round((toTime(period.to) - toTime(period.from)) / DAY_MS) + 1;

/** The period of equal length that ends the day before `period` starts. */
export function previousPeriod(period: Period): Period {
  const days = periodDays(period);
  const to = toTime(period.from) - DAY_MS;
  return { from: toDay(to - (days - 1) * DAY_MS), to: toDay(to) };
}

/** The last `days` days ending on `today` (a shop-local date). */
export function lastDays(today: string, days: number): Period {
  return { from: toDay(toTime(today) - (days - 1) * DAY_MS), to: today };
}

/** Every day of the period, in order. */
export function daysOf(period: Period): string[] {
  return Array.from({ length: periodDays(period) }, (_, i) => toDay(toTime(period.from) + i * DAY_MS));
}

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; reason: string };

/** Checks a period a merchant typed: real dates, in order, at most `maxDays` long. */
export function parsePeriod(from: string, to: string, maxDays = 3 * 366): ParsedPeriod {
  for (const [name, day] of [
    ["from", from],
    ["to", to],
  ]) {
    if (!ISO_DAY.test(day) || Number.isNaN(toTime(day)) || toDay(toTime(day)) !== day) {
      return { ok: false, reason: `${name} must be a date as YYYY-MM-DD, not "${day}"` };
    }
  }
  if (toTime(from) > toTime(to))
    return { ok: false, reason: "the period must start on or before its last day" };
  const period = { from, to };
  if (periodDays(period) > maxDays)
    return { ok: false, reason: `a period may be at most ${maxDays} days long` };
  return { ok: true, period };
}

/** Relative change from `previous` to `current`, or null when there is nothing to compare with. */
export function change(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/** Today's date in a time zone (the caller passes the clock). */
export function dayInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}
