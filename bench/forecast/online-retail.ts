/**
 * Daily units per stock code from the UCI Online Retail data set (data/online-retail/online-retail.csv.gz):
 * sales lines only (cancelled invoices, starting with "C", and non-positive quantities are left out),
 * summed per stock code and calendar day.
 *
 * Run alone it writes the history in `keel forecast`'s input format:
 *   npx tsx bench/forecast/online-retail.ts > /tmp/online-retail-daily.csv
 */
import { fileURLToPath } from "node:url";
import { csvRecord, readCsv } from "../../app/lib/csv.ts";

export const ONLINE_RETAIL = fileURLToPath(
  new URL("../../data/online-retail/online-retail.csv.gz", import.meta.url),
);
const DAY_MS = 86_400_000;

export interface RetailHistory {
  /** First and last calendar day (days since 1970-01-01) of the whole data set. */
  firstDay: number;
  lastDay: number;
  /** Days on which the shop sold anything (the shop was closed on Saturdays and over the holidays). */
  tradingDays: number[];
  /** Stock code → units per calendar day from `firstDay` to `lastDay`. */
  units: Map<string, Float64Array>;
}

/** Reads and aggregates the data set (about 2 s). */
export async function loadOnlineRetail(path = ONLINE_RETAIL): Promise<RetailHistory> {
  const perCode = new Map<string, Map<number, number>>();
  const trading = new Set<number>();
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for await (const row of readCsv(path)) {
    const { InvoiceNo: invoice, StockCode: code, Quantity: quantityText, InvoiceDate: when } = row.fields;
    const quantity = Number(quantityText);
    if (!invoice || invoice.startsWith("C") || !(quantity > 0) || !code) continue;
    const day = Date.parse(`${when.slice(0, 10)}T00:00:00Z`) / DAY_MS;
    if (!Number.isFinite(day)) continue;
    trading.add(day);
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
    let days = perCode.get(code);
    if (!days) perCode.set(code, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + quantity);
  }
  const units = new Map<string, Float64Array>();
  for (const [code, days] of perCode) {
    const series = new Float64Array(lastDay - firstDay + 1);
    for (const [day, quantity] of days) series[day - firstDay] = quantity;
    units.set(code, series);
  }
  return { firstDay, lastDay, tradingDays: [...trading].sort((a, b) => a - b), units };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const history = await loadOnlineRetail();
  process.stdout.write("series_id,date,quantity\n");
  for (const [code, series] of history.units) {
    let started = false;
    series.forEach((quantity, i) => {
      if (quantity > 0) started = true;
      if (!started) return;
      const date = new Date((history.firstDay + i) * DAY_MS).toISOString().slice(0, 10);
      process.stdout.write(`${csvRecord([code, date, quantity])}\n`);
    });
  }
}
