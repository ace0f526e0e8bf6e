import { describe, expect, it } from "vitest";
import { csvRecord, parseCsvLine, readCsvLines } from "~/lib/csv";

async function rows(text: string) {
  const out = [];
  for await (const row of readCsvLines(text.split("\n"))) out.push(row);
  return out;
}

describe("CSV", () => {
  it("parses quoted fields with commas, doubled quotes and an empty last field (RFC 4180)", () => {
    expect(parseCsvLine('a,"b, c","say ""hi""",')).toEqual(["a", "b, c", 'say "hi"', ""]);
  });

  it("keys rows by header and numbers them by their line in the file", async () => {
    expect(await rows("\uFEFFseries_id,date\n\nA,2024-01-01\nB,2024-01-02")).toEqual([
      { line: 3, fields: { series_id: "A", date: "2024-01-01" } },
      { line: 4, fields: { series_id: "B", date: "2024-01-02" } },
    ]);
  });

  it("joins a quoted field that spans lines and keeps the first line's number", async () => {
    expect(await rows('id,note\n1,"two\nlines"\n2,x')).toEqual([
      { line: 2, fields: { id: "1", note: "two\nlines" } },
      { line: 4, fields: { id: "2", note: "x" } },
    ]);
  });

  it("quotes only what needs quoting on output", () => {
    expect(csvRecord(["plain", "a,b", 'q"', 1.5, null])).toBe('plain,"a,b","q""",1.5,');
  });
});
