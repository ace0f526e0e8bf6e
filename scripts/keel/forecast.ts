/**
 * `keel forecast`: daily demand forecasts from a CSV of sales history.
 *
 *   npx keel forecast --input history.csv --horizon 28 [--level 80,95] [--season 7] [--format csv|json]
 *
 * Input columns `series_id,date,quantity[,in_stock]`, one row per series and day (`YYYY-MM-DD`); days missing
 * between a series' first row and the last date in the file are zero demand. Output, one row per series and
 * forecast date: `series_id,date,mean,lo_80,hi_80,lo_95,hi_95,model` (one lo/hi pair per level).
 * Bad rows are reported on stderr with their line number and skipped. Exit status 0 when anything was
 * forecast, 1 when nothing could be, 2 for bad usage.
 */
import { parseArgs } from "node:util";
import { csvRecord, readCsv } from "../../app/lib/csv.ts";
import { forecastDemand } from "../../app/inventory/model/select.ts";
import type { CommandIo } from "../keel.ts";

const USAGE = `Usage: keel forecast --input history.csv [--horizon 28] [--level 80,95] [--season 7] [--format csv|json]

Forecasts daily demand per series with automatic model choice (ETS, Croston/SBA/TSB/ADIDA, baselines).
Input columns: series_id,date,quantity[,in_stock]  (date YYYY-MM-DD; missing days are zero demand;
in_stock 0 marks a day out of stock, whose sales are not taken as demand).
`;

const DAY_MS = 86_400_000;

/** Day number since 1970-01-01 for a strict `YYYY-MM-DD`, or null. */
function dayNumber(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return time / DAY_MS;
}

const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const round = (v: number): number => Math.round(v * 10_000) / 10_000;

interface SeriesDays {
  days: Map<number, { quantity: number; inStock: boolean }>;
  firstDay: number;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: "string", short: "i" },
      horizon: { type: "string", default: "28" },
      level: { type: "string", default: "80,95" },
      season: { type: "string", default: "7" },
      format: { type: "string", default: "csv" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  return values;
}

/** Runs the command; see the module comment. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.stderr.write(`keel forecast: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const horizon = Number(options.horizon);
  const season = Number(options.season);
  const levels = (options.level ?? "").split(",").map((l) => Number(l.trim()));
  const problems: string[] = [];
  if (!options.input) problems.push("--input is required");
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3660)
    problems.push("--horizon must be a whole number of days (1-3660)");
  if (!Number.isInteger(season) || season < 1 || season > 24)
    problems.push("--season must be a whole number from 1 to 24");
  if (levels.length === 0 || levels.some((l) => !Number.isFinite(l) || l <= 0 || l >= 100)) {
    problems.push("--level must be a comma-separated list of percentages between 0 and 100");
  }
  if (options.format !== "csv" && options.format !== "json") problems.push("--format must be csv or json");
  if (problems.length > 0) {
    io.stderr.write(`keel forecast: ${problems.join("; ")}\n\n${USAGE}`);
    return 2;
  }
  const sortedLevels = [...new Set(levels)].sort((a, b) => a - b);

  const series = new Map<string, SeriesDays>();
  let lastDay = -Infinity;
  let badRows = 0;
  const bad = (line: number, reason: string) => {
    badRows++;
    io.stderr.write(`line ${line}: ${reason}; skipped\n`);
  };
  try {
    let checkedHeader = false;
    for await (const row of readCsv(options.input!)) {
      if (!checkedHeader) {
        const missing = ["series_id", "date", "quantity"].filter((c) => !(c in row.fields));
        if (missing.length > 0) {
          io.stderr.write(`keel forecast: the input has no ${missing.join(", ")} column(s)\n`);
          return 2;
        }
        checkedHeader = true;
      }
      const id = row.fields.series_id.trim();
      const day = dayNumber(row.fields.date);
      const quantityText = row.fields.quantity.trim();
      const quantity = Number(quantityText);
      const stockText = (row.fields.in_stock ?? "").trim().toLowerCase();
      if (id === "") bad(row.line, "empty series_id");
      else if (day === null) bad(row.line, `date '${row.fields.date}' is not a valid YYYY-MM-DD date`);
      else if (quantityText === "" || !Number.isFinite(quantity))
        bad(row.line, `quantity '${row.fields.quantity}' is not a number`);
      else if (!["", "0", "1", "true", "false"].includes(stockText))
        bad(row.line, `in_stock '${row.fields.in_stock}' is not 0 or 1`);
      else {
        let entry = series.get(id);
        if (!entry) {
          entry = { days: new Map(), firstDay: day };
          series.set(id, entry);
        }
        if (entry.days.has(day)) {
          bad(row.line, `second row for series '${id}' on ${isoDate(day)}`);
          continue;
        }
        entry.days.set(day, { quantity, inStock: !(stockText === "0" || stockText === "false") });
        entry.firstDay = Math.min(entry.firstDay, day);
        lastDay = Math.max(lastDay, day);
      }
    }
  } catch (error) {
    io.stderr.write(`keel forecast: cannot read ${options.input}: ${(error as Error).message}\n`);
    return 2;
  }

  const header = [
    "series_id",
    "date",
    "mean",
    ...sortedLevels.flatMap((l) => [`lo_${l}`, `hi_${l}`]),
    "model",
  ];
  const json = options.format === "json";
  io.stdout.write(json ? "[" : `${csvRecord(header)}\n`);
  let forecastCount = 0;
  for (const [id, entry] of series) {
    const length = lastDay - entry.firstDay + 1;
    const quantities = new Array<number>(length).fill(0);
    const inStock = new Array<boolean>(length).fill(true);
    for (const [day, value] of entry.days) {
      quantities[day - entry.firstDay] = value.quantity;
      inStock[day - entry.firstDay] = value.inStock;
    }
    const forecast = forecastDemand(
      { quantities, inStock, seasonLength: season },
      { horizonDays: horizon, levels: sortedLevels, seasonLength: season },
    );
    for (let h = 0; h < horizon; h++) {
      const values: (string | number)[] = [id, isoDate(lastDay + h + 1), round(forecast.mean[h])];
      for (const interval of forecast.intervals)
        values.push(round(interval.lower[h]), round(interval.upper[h]));
      values.push(forecast.model);
      if (json) {
        const record = Object.fromEntries(header.map((key, i) => [key, values[i]]));
        io.stdout.write(`${forecastCount === 0 && h === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`);
      } else {
        io.stdout.write(`${csvRecord(values)}\n`);
      }
    }
    forecastCount++;
  }
  if (json) io.stdout.write(forecastCount === 0 ? "]\n" : "\n]\n");
  io.stderr.write(
    `keel forecast: ${forecastCount} series forecast ${horizon} days ahead${badRows > 0 ? `, ${badRows} bad row(s) skipped` : ""}\n`,
  );
  return forecastCount > 0 ? 0 : 1;
}
