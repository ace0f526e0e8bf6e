/**
 * Accuracy on Online Retail (UCI, a UK gift retailer, 2010-12-01 to 2011-12-09): calibrate on the first
 * 9 months (to 2011-08-31), predict each customer's purchases (distinct purchase days) in the rest, and
 * compare the mean absolute error with two baselines: zero, and the customer's own past repeat rate.
 * Then P(alive) calibration by decile: predicted P(alive) and model P(buy again in the holdout) against
 * the observed share who bought again.
 */
import { readCsv } from "../../app/lib/csv.ts";
import { fitModels, scoreCustomer } from "../../app/customers/model/profiles.ts";
import { probabilityAlive } from "../../app/customers/model/bgnbd.ts";
import { summariseOrders } from "../../app/customers/model/summary.ts";
import { MS_PER_DAY, unitDays, type Order, type TimeUnit } from "../../app/customers/model/types.ts";
import { readCdnow } from "./cdnow.ts";

const CALIBRATION_END = Date.UTC(2011, 7, 31);

async function readOnlineRetail(): Promise<Order[]> {
  const path = new URL("../../data/online-retail/online-retail.csv.gz", import.meta.url).pathname;
  const invoices = new Map<string, Order>();
  for await (const { fields } of readCsv(path)) {
    const customer = fields.CustomerID.replace(/\.0$/, "");
    // Guest orders cannot be followed; cancellations (C...) are not purchases.
    if (customer === "" || fields.InvoiceNo.startsWith("C")) continue;
    const amount = Number(fields.Quantity) * Number(fields.UnitPrice);
    const seen = invoices.get(fields.InvoiceNo);
    if (seen) seen.amount += amount;
    else {
      const ms = Date.parse(`${fields.InvoiceDate.slice(0, 10)}T00:00:00Z`);
      invoices.set(fields.InvoiceNo, { customerId: customer, orderedAtMs: ms, amount });
    }
  }
  return [...invoices.values()].filter((o) => o.amount >= 0);
}

export async function runAccuracy(): Promise<void> {
  console.log("\n== Accuracy: Online Retail, calibration to 2011-08-31, holdout to 2011-12-09 (days) ==");
  await holdoutAccuracy(await readOnlineRetail(), CALIBRATION_END, "day");
  // CDNOW as a second holdout: 39 weeks to 1997-09-30, then 39 weeks to 1998-06-30 (FHL 2005 §5). Here
  // BG/NBD finds real dropout, so the P(alive) deciles spread.
  console.log("\n== Accuracy: CDNOW master, calibration to 1997-09-30, holdout to 1998-06-30 (weeks) ==");
  const cdnow = await readCdnow(new URL("../../data/cdnow/CDNOW_master.txt", import.meta.url).pathname);
  await holdoutAccuracy(cdnow, Date.UTC(1997, 8, 30), "week");
}

async function holdoutAccuracy(orders: Order[], calibrationEndMs: number, unit: TimeUnit): Promise<void> {
  const CALIBRATION_END = calibrationEndMs;
  const lastDay = Math.max(...orders.map((o) => Math.floor(o.orderedAtMs / MS_PER_DAY)));
  const horizonDays = lastDay - Math.floor(CALIBRATION_END / MS_PER_DAY);
  const horizon = horizonDays / unitDays(unit);
  const summary = summariseOrders(orders, { asOfMs: CALIBRATION_END, unit });
  if (!summary.ok) throw new Error(summary.reason);
  const customers = summary.customers;
  // Holdout purchases: distinct purchase days after the calibration end, as in the summary's definition.
  const holdoutDays = new Map<string, Set<number>>();
  for (const o of orders) {
    if (o.orderedAtMs <= CALIBRATION_END) continue;
    let set = holdoutDays.get(o.customerId);
    if (!set) holdoutDays.set(o.customerId, (set = new Set()));
    set.add(Math.floor(o.orderedAtMs / MS_PER_DAY));
  }
  const options = { asOfMs: CALIBRATION_END, unit, horizon, annualDiscountRate: 0.1 };
  const t = performance.now();
  const fitted = fitModels(customers, options);
  if (!fitted.ok || !fitted.bgnbd) throw new Error("fit failed");
  console.log(
    `${customers.length} customers, ${customers.filter((c) => c.frequency > 0).length} repeat; holdout ${horizonDays} days; ` +
      `fit ${(performance.now() - t).toFixed(0)} ms, trusted: ${fitted.trust.trusted}`,
  );
  const p = fitted.bgnbd.params;
  console.log(
    `BG/NBD r ${p.r.toFixed(3)} α ${p.alpha.toFixed(2)} a ${p.a.toExponential(2)} b ${p.b.toFixed(3)}`,
  );
  for (const w of fitted.warnings) console.log(`warning: ${w}`);
  let maeModel = 0;
  let maeZero = 0;
  let maeRate = 0;
  let sumActual = 0;
  let sumModel = 0;
  let sumRate = 0;
  const rows: { alive: number; buy: number; bought: number }[] = [];
  for (const c of customers) {
    const actual = holdoutDays.get(c.customerId)?.size ?? 0;
    const predicted = scoreCustomer(c, fitted, options).expectedPurchases;
    const ownRate = c.T > 0 ? (c.frequency / c.T) * horizon : 0;
    maeModel += Math.abs(predicted - actual);
    maeZero += actual;
    maeRate += Math.abs(ownRate - actual);
    sumActual += actual;
    sumModel += predicted;
    sumRate += ownRate;
    // P(at least one purchase in the holdout) = P(alive) · (1 - ((α+T)/(α+T+t))^(r+x)).
    const alive = probabilityAlive(p, c);
    const none = Math.pow((p.alpha + c.T) / (p.alpha + c.T + horizon), p.r + c.frequency);
    rows.push({ alive, buy: alive * (1 - none), bought: actual > 0 ? 1 : 0 });
  }
  const n = customers.length;
  console.log(
    `MAE per customer: model ${(maeModel / n).toFixed(3)}, zero ${(maeZero / n).toFixed(3)}, own past rate ${(maeRate / n).toFixed(3)}`,
  );
  console.log(
    `total purchases in holdout: actual ${sumActual}, model ${sumModel.toFixed(0)}, own past rate ${sumRate.toFixed(0)}`,
  );
  // P(alive) equal to 6 decimals counts as a tie, broken by the model's P(buy in the holdout).
  const rounded = (v: number): number => Math.round(v * 1e6);
  const distinct = new Set(rows.map((r) => rounded(r.alive))).size;
  console.log(
    `P(alive) calibration by decile of P(alive) (${distinct} distinct values at 6 decimals; ties by P(buy)):`,
  );
  console.log("decile  customers  mean P(alive)  mean P(buy in holdout)  observed share bought");
  rows.sort((u, w) => rounded(u.alive) - rounded(w.alive) || u.buy - w.buy);
  for (let d = 0; d < 10; d++) {
    const slice = rows.slice(Math.floor((d * n) / 10), Math.floor(((d + 1) * n) / 10));
    const mean = (f: (r: (typeof rows)[number]) => number): number =>
      slice.reduce((s, r) => s + f(r), 0) / slice.length;
    console.log(
      `${String(d + 1).padStart(6)}  ${String(slice.length).padStart(9)}  ${mean((r) => r.alive)
        .toFixed(3)
        .padStart(13)}  ` +
        `${mean((r) => r.buy)
          .toFixed(3)
          .padStart(22)}  ${mean((r) => r.bought)
          .toFixed(3)
          .padStart(21)}`,
    );
  }
}
