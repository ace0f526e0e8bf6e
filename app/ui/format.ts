/** Number, money and date formatting shared by the admin pages (merchant-facing, en-US for now). */

export const formatNumber = (n: number) => n.toLocaleString("en-US");

/** Money from a decimal string in its currency, e.g. ("1234.5", "GBP") -> "£1,234.50". */
export function formatMoney(decimal: string, currency: string): string {
  return Number(decimal).toLocaleString("en-US", { style: "currency", currency });
}

/** A moment in the shop's own time zone, e.g. "Nov 30, 2026, 09:41". */
export function formatDateTime(date: Date | string, timeZone: string): string {
  return new Date(date).toLocaleString("en-US", {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
  });
}
