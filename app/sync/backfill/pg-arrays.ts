/**
 * PostgreSQL array literals (`{1,"two",NULL}`) for the column arrays of batched upserts. Handing the driver one
 * string per column instead of an array of values spares Prisma and pg their work per element, which was the
 * importer's largest cost; PostgreSQL reads the literal as fast as a bound array.
 */
export type Cell = string | number | bigint | boolean | Date | null | undefined;

/** The literal of one column: `get` applied to every row. */
export function column<T>(rows: readonly T[], get: (row: T) => Cell): string {
  // Joined, not concatenated: a flat string, where `+=` would keep a tree of every piece until it is sent.
  const elements = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) elements[i] = element(get(rows[i]));
  return `{${elements.join(",")}}`;
}

/** What PostgreSQL's own array output quotes: an element that is empty, reads as NULL, or holds syntax. */
const NEEDS_QUOTES = /^$|^null$|[{}",\\\s]/i;

function element(value: Cell): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "string":
      // Quotes only where needed: Prisma passes parameters through JSON, which escapes every quote again.
      // Inside quotes a backslash escapes the next character; nothing else is special.
      return NEEDS_QUOTES.test(value) ? `"${value.replace(/["\\]/g, "\\$&")}"` : value;
    case "boolean":
      return value ? "t" : "f";
    case "object":
      return value.toISOString();
    default:
      return String(value);
  }
}
