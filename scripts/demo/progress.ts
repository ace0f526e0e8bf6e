/** The terminal's progress line for the import: one bar, redrawn in place. */

export interface ImportProgress {
  resource: string;
  done: number;
  total: number;
}

export function progressLine(progress: ImportProgress[], width = 30): string {
  const total = progress.reduce((sum, p) => sum + p.total, 0);
  const done = progress.reduce((sum, p) => sum + Math.min(p.done, p.total), 0);
  const share = total === 0 ? 0 : done / total;
  const filled = Math.round(share * width);
  const current = progress.find((p) => p.done < p.total) ?? progress.at(-1);
  const detail = current
    ? `${current.resource} ${current.done.toLocaleString("en-US")}/${current.total.toLocaleString("en-US")}`
    : "";
  return `Importing [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${detail}`;
}
