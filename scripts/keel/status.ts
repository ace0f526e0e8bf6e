/**
 * keel status [--shop DOMAIN] [--format json|text]
 * Per shop: install and sync state, and the totals Keel holds.
 */
import { parseArgs } from "node:util";
import type { CommandIo } from "../keel";
import type { ShopStatus } from "../../app/sync/status.server";

const help = `Usage: keel status [--shop DOMAIN] [--format text|json]

Prints, for every shop Keel knows (or the one given), its install and sync state and the totals of
products, variants, locations, customers, orders, order lines, refunds and revenue per currency.
`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        shop: { type: "string" },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr.write(`keel status: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(help);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") {
    io.stderr.write(`keel status: --format must be text or json, not '${values.format}'\n`);
    return 2;
  }

  const { prepareDatabase } = await import("../../app/db/prepare.server");
  await prepareDatabase();
  const { db } = await import("../../app/db.server");
  const { shopStatuses } = await import("../../app/sync/status.server");
  try {
    const statuses = await shopStatuses(db, { domain: values.shop });
    if (values.shop && statuses.length === 0) {
      io.stderr.write(`keel status: no shop ${values.shop} in this database\n`);
      return 1;
    }
    io.stdout.write(
      values.format === "json" ? `${JSON.stringify(statuses, null, 2)}\n` : formatText(statuses),
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

function formatText(statuses: ShopStatus[]): string {
  if (statuses.length === 0)
    return "No shops yet: install Keel in a store (or run the demo) and they appear here.\n";
  return statuses.map(formatShop).join("\n");
}

function formatShop(s: ShopStatus): string {
  const date = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");
  const rows: [string, string][] = [
    [
      "Installed",
      s.uninstalledAt ? `${date(s.installedAt)} (uninstalled ${date(s.uninstalledAt)})` : date(s.installedAt),
    ],
    [
      "Sync",
      `${s.syncState}${s.syncError ? ` (${s.syncError})` : ""}, last completed ${date(s.syncCompletedAt)}`,
    ],
    ["Reconciled", date(s.lastReconciledAt)],
    ["Time zone", s.timeZone],
    ["Products", count(s.totals.products)],
    ["Variants", count(s.totals.variants)],
    ["Locations", count(s.totals.locations)],
    ["Customers", count(s.totals.customers)],
    ["Orders", count(s.totals.orders)],
    ["Order lines", count(s.totals.orderLines)],
    ["Refunds", count(s.totals.refunds)],
    ...s.revenue.map((r): [string, string] => [
      `Revenue ${r.currency}`,
      `${money(r.total)} from ${count(r.orders)} orders`,
    ]),
  ];
  if (s.revenue.length === 0) rows.push(["Revenue", "none yet"]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const title = s.name ? `${s.name} (${s.domain})` : s.domain;
  return `${title}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}

const count = (n: number) => n.toLocaleString("en-US");
const money = (decimal: string) =>
  Number(decimal).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
