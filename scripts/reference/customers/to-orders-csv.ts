/**
 * Converts the shipped data sets to the `keel customers` input (customer_id,order_id,date,amount):
 *
 *   npx tsx scripts/reference/customers/to-orders-csv.ts cdnow data/cdnow/CDNOW_master.txt > /tmp/cdnow.csv
 *   npx tsx scripts/reference/customers/to-orders-csv.ts online-retail data/online-retail/online-retail.csv.gz > /tmp/retail.csv
 *
 * CDNOW: one order per transaction row (id = customer and row number). Online Retail: one row per invoice
 * line (amount = Quantity × UnitPrice, the CLI sums an invoice's lines); guest lines (no CustomerID) and
 * cancellations (InvoiceNo starting with C) are left out.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { csvRecord, readCsv } from "../../../app/lib/csv.ts";

async function cdnow(path: string): Promise<void> {
  process.stdout.write("customer_id,order_id,date,amount\n");
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    const parts = line.trim().split(/\s+/);
    // master: id date cds dollars; sample: original_id id date cds dollars
    const [id, date, , dollars] = parts.length === 5 ? parts.slice(1) : parts;
    if (!/^\d{8}$/.test(date ?? "")) continue;
    n++;
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    process.stdout.write(`${csvRecord([id, `${id}-${n}`, iso, dollars])}\n`);
  }
}

async function onlineRetail(path: string): Promise<void> {
  process.stdout.write("customer_id,order_id,date,amount\n");
  for await (const { fields } of readCsv(path)) {
    const customer = fields.CustomerID.replace(/\.0$/, "");
    if (customer === "" || fields.InvoiceNo.startsWith("C")) continue;
    const amount = Number(fields.Quantity) * Number(fields.UnitPrice);
    const line = csvRecord([customer, fields.InvoiceNo, fields.InvoiceDate.slice(0, 10), amount.toFixed(4)]);
    process.stdout.write(`${line}\n`);
  }
}

const [kind, path] = process.argv.slice(2);
if (kind === "cdnow" && path) await cdnow(path);
else if (kind === "online-retail" && path) await onlineRetail(path);
else {
  process.stderr.write("usage: to-orders-csv.ts cdnow|online-retail PATH\n");
  process.exitCode = 2;
}
