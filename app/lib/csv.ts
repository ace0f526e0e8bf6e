/**
 * A small RFC 4180 CSV reader and writer shared by the CLI commands and the importers.
 * Rows come with their 1-based line number so that bad rows can be reported precisely.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { createInterface } from "node:readline";

export interface CsvRow {
  /** 1-based line number of the row's first line in the file (the header is line 1). */
  line: number;
  /** Fields keyed by header name. */
  fields: Record<string, string>;
}

/** Splits one CSV record into fields; quotes may wrap commas and doubled quotes. */
export function parseCsvLine(text: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

function unbalancedQuotes(text: string): boolean {
  let count = 0;
  for (const ch of text) if (ch === '"') count++;
  return count % 2 === 1;
}

/**
 * Streams a CSV file (plain or `.gz`) as rows keyed by its header, never loading it whole.
 * A record whose quoted field spans lines is joined before it is parsed.
 * @example
 * for await (const row of readCsv("history.csv")) console.log(row.line, row.fields.date);
 */
export async function* readCsv(path: string): AsyncGenerator<CsvRow> {
  const raw = createReadStream(path);
  const input = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  yield* readCsvLines(createInterface({ input, crlfDelay: Infinity }));
}

/** Same as {@link readCsv} over any source of lines (a string split on newlines, stdin). */
export async function* readCsvLines(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRow> {
  let header: string[] | undefined;
  let lineNo = 0;
  let pending = "";
  let pendingStart = 0;
  for await (const line of lines) {
    lineNo++;
    if (pending === "") pendingStart = lineNo;
    pending = pending === "" ? line : `${pending}\n${line}`;
    if (unbalancedQuotes(pending)) continue;
    const record = pending;
    pending = "";
    if (record.trim() === "") continue;
    const values = parseCsvLine(record);
    if (!header) {
      header = values.map((h) => h.trim().replace(/^\uFEFF/, ""));
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((name, i) => {
      fields[name] = values[i] ?? "";
    });
    yield { line: pendingStart, fields };
  }
}

/** Quotes a value for CSV output when it needs quoting. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats one CSV record (without the trailing newline). */
export function csvRecord(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvField).join(",");
}
