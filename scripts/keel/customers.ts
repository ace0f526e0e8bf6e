/**
 * `keel customers`: RFM, predicted lifetime value and churn from a CSV of orders.
 *
 *   npx keel customers --input orders.csv --as-of 2011-09-30 [--unit day|week] [--horizon N]
 *                      [--discount R] [--format csv|json] [--segment 'RULE']
 *
 * Input columns `customer_id,order_id,date,amount` (an optional `tags` column holds comma-separated tags);
 * several rows of one order are summed. Bad rows are reported on stderr with their line number and skipped.
 */
import { parseArgs } from "node:util";
import { csvRecord, readCsv } from "../../app/lib/csv.ts";
import {
  analyseCustomers,
  formatRule,
  parseRule,
  selectSegment,
  summariseOrders,
  toShopifySegmentQuery,
  type CustomerProfile,
  type Order,
  type RuleError,
  type TimeUnit,
} from "../../app/customers/model/index.ts";
import type { CommandIo } from "../keel.ts";

const HELP = `Usage: keel customers --input orders.csv --as-of YYYY-MM-DD [options]

RFM scores, P(alive), expected purchases and predicted lifetime value per customer (BG/NBD + Gamma-Gamma,
with a stated heuristic for shops with too little repeat data). Orders after --as-of are left out.

Options:
  --input PATH       CSV with columns customer_id,order_id,date,amount (optional: tags); .gz is fine
  --as-of DATE       end of the calibration period, YYYY-MM-DD
  --unit day|week    time unit of recency, T and the horizon (default week)
  --horizon N        horizon for expected purchases and CLV, in units (default one year: 52 or 365)
  --discount R       annual discount rate for CLV (default 0.1)
  --format csv|json  output format (default csv)
  --segment RULE     only customers matching RULE, each with the conditions that held, e.g.
                     'orders >= 3 AND days_since_last_order > 90 AND predicted_clv > 200'
`;

export const CSV_COLUMNS = [
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
] as const;

/** Parses YYYY-MM-DD (optionally followed by a time, which is ignored) to UTC midnight; NaN if invalid. */
export function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : NaN;
}

interface LoadedOrders {
  orders: Order[];
  tags: Map<string, string[]>;
  badRows: number;
}

async function loadOrders(path: string, io: CommandIo): Promise<LoadedOrders | string> {
  const byOrder = new Map<string, { order: Order; line: number }>();
  const tags = new Map<string, Set<string>>();
  let badRows = 0;
  let header = true;
  const bad = (line: number, reason: string): void => {
    badRows++;
    io.stderr.write(`line ${line}: ${reason}; row skipped\n`);
  };
  try {
    for await (const row of readCsv(path)) {
      if (header) {
        const missing = ["customer_id", "order_id", "date", "amount"].filter((c) => !(c in row.fields));
        if (missing.length > 0)
          return `the input has no column ${missing.join(", ")} (need customer_id,order_id,date,amount)`;
        header = false;
      }
      const f = row.fields;
      const customerId = f.customer_id.trim();
      const orderId = f.order_id.trim();
      const ms = parseDay(f.date);
      const amount = f.amount.trim() === "" ? NaN : Number(f.amount);
      if (customerId === "") bad(row.line, "empty customer_id");
      else if (orderId === "") bad(row.line, "empty order_id");
      else if (!Number.isFinite(ms)) bad(row.line, `date ${JSON.stringify(f.date)} is not YYYY-MM-DD`);
      else if (!Number.isFinite(amount)) bad(row.line, `amount ${JSON.stringify(f.amount)} is not a number`);
      else {
        const key = `${customerId}\u0000${orderId}`;
        const seen = byOrder.get(key);
        if (seen) {
          seen.order.amount += amount;
          seen.order.orderedAtMs = Math.min(seen.order.orderedAtMs, ms);
        } else {
          byOrder.set(key, { order: { customerId, orderedAtMs: ms, amount }, line: row.line });
        }
        const rowTags = (f.tags ?? "")
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "");
        if (rowTags.length > 0) {
          let set = tags.get(customerId);
          if (!set) tags.set(customerId, (set = new Set()));
          for (const t of rowTags) set.add(t);
        }
      }
    }
  } catch (e) {
    return `cannot read ${path}: ${(e as Error).message}`;
  }
  const orders: Order[] = [];
  for (const { order, line } of byOrder.values()) {
    // A negative total is a refund or cancellation, not a purchase.
    if (order.amount < 0) bad(line, `order total ${order.amount.toFixed(2)} is negative`);
    else orders.push(order);
  }
  return { orders, tags: new Map([...tags].map(([k, v]) => [k, [...v]])), badRows };
}

const round = (value: number, digits: number): number => {
  const r = Number(value.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
};

function row(p: CustomerProfile): Record<(typeof CSV_COLUMNS)[number], string | number> {
  return {
    customer_id: p.customerId,
    frequency: p.frequency,
    recency: round(p.recency, 4),
    T: round(p.T, 4),
    monetary: round(p.monetary, 2),
    r_score: p.rScore,
    f_score: p.fScore,
    m_score: p.mScore,
    rfm_group: p.rfmGroup,
    p_alive: round(p.probabilityAlive, 6),
    expected_purchases: round(p.expectedPurchases, 6),
    predicted_clv: round(p.predictedClv, 2),
  };
}

/** Shows a rule error with a caret under the offending position. */
export function describeRuleError(source: string, error: RuleError): string {
  const lines = source.split("\n");
  const text = lines[error.line - 1] ?? "";
  return [
    `keel customers: --segment: line ${error.line}, column ${error.column}: ${error.message}`,
    `  ${text}`,
    `  ${" ".repeat(error.column - 1)}^`,
    `  expected: ${error.expected.join(" | ")}`,
    "",
  ].join("\n");
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        input: { type: "string" },
        "as-of": { type: "string" },
        unit: { type: "string", default: "week" },
        horizon: { type: "string" },
        discount: { type: "string", default: "0.1" },
        format: { type: "string", default: "csv" },
        segment: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`keel customers: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr.write(`keel customers: ${message}\n\n${HELP}`);
    return 2;
  };
  const input = values.input as string | undefined;
  const asOfText = values["as-of"] as string | undefined;
  if (!input) return usage("--input is required");
  if (!asOfText) return usage("--as-of is required");
  const asOfMs = parseDay(asOfText);
  if (!Number.isFinite(asOfMs)) return usage(`--as-of ${JSON.stringify(asOfText)} is not a date YYYY-MM-DD`);
  const unit = values.unit as string;
  if (unit !== "day" && unit !== "week") return usage("--unit must be day or week");
  const horizon = values.horizon === undefined ? (unit === "week" ? 52 : 365) : Number(values.horizon);
  if (!(horizon > 0)) return usage("--horizon must be a number > 0");
  const discount = Number(values.discount);
  if (!(discount > -1) || !Number.isFinite(discount))
    return usage("--discount must be a number > -1 (0.1 for 10 % a year)");
  const format = values.format as string;
  if (format !== "csv" && format !== "json") return usage("--format must be csv or json");
  const segmentSource = values.segment as string | undefined;
  const segment = segmentSource === undefined ? undefined : parseRule(segmentSource);
  if (segment && !segment.ok) {
    io.stderr.write(describeRuleError(segmentSource as string, segment.error));
    return 2;
  }

  const loaded = await loadOrders(input, io);
  if (typeof loaded === "string") {
    io.stderr.write(`keel customers: ${loaded}\n`);
    return 1;
  }
  const options = { asOfMs, unit: unit as TimeUnit, horizon, annualDiscountRate: discount };
  const summary = summariseOrders(loaded.orders, options);
  if (!summary.ok) {
    io.stderr.write(`keel customers: ${summary.reason}\n`);
    return 1;
  }
  if (summary.ordersAfterAsOf > 0) {
    io.stderr.write(`keel customers: ${summary.ordersAfterAsOf} orders after ${asOfText} left out\n`);
  }
  const analysis = analyseCustomers(summary.customers, options, loaded.tags);
  if (!analysis.ok) {
    io.stderr.write(`keel customers: ${analysis.reason}\n`);
    return 1;
  }
  const { fitted, profiles } = analysis;
  for (const warning of fitted.warnings) io.stderr.write(`keel customers: warning: ${warning}\n`);
  const heuristic = profiles.filter((p) => p.method === "heuristic").length;
  if (heuristic > 0) {
    const why = fitted.trust.trusted ? "the model could not score them" : fitted.trust.reasons.join("; ");
    io.stderr.write(
      `keel customers: ${heuristic} of ${profiles.length} customers scored by the small-shop heuristic (${why})\n`,
    );
  }

  const members = segment?.ok
    ? selectSegment(segment.rule, profiles)
    : profiles.map((profile) => ({ profile, explanation: [] as string[] }));
  if (segment?.ok) {
    const shopify = toShopifySegmentQuery(segment.rule);
    io.stderr.write(
      `keel customers: segment ${formatRule(segment.rule)}: ${members.length} of ${profiles.length} customers` +
        (shopify.ok ? `; in Shopify: ${shopify.query}` : "") +
        "\n",
    );
  }

  if (format === "json") {
    const out = {
      params: {
        bgnbd: fitted.bgnbd ? { ...fitted.bgnbd.params, logLikelihood: fitted.bgnbd.logLikelihood } : null,
        gammaGamma: fitted.gammaGamma ? fitted.gammaGamma.params : null,
      },
      trusted: fitted.trust.trusted,
      reasons: fitted.trust.reasons,
      warnings: fitted.warnings,
      customers: members.map((m) => ({
        ...row(m.profile),
        ...(segment ? { explanation: m.explanation } : {}),
      })),
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const columns = segment ? [...CSV_COLUMNS, "explanation"] : [...CSV_COLUMNS];
  const lines = [csvRecord(columns)];
  for (const m of members) {
    const record = row(m.profile);
    const values = CSV_COLUMNS.map((c) => record[c]);
    lines.push(csvRecord(segment ? [...values, m.explanation.join("; ")] : values));
  }
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
