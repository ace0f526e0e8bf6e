/** Loads the committed reference values (see scripts/reference/inventory/ for the scripts that made them). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../fixtures/inventory/", import.meta.url));

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(`${root}${name}`, "utf8")) as T;
}

export interface RetailSeries {
  name: string;
  source: string;
  start: string;
  frequency: number;
  values: number[];
}

export function retailSeries(name: string): RetailSeries {
  const found = fixture<RetailSeries[]>("retail-series.json").find((s) => s.name === name);
  if (!found) throw new Error(`no retail series ${name}`);
  return found;
}

/** Largest relative difference |a − b| / max(|b|, floor). */
export function maxRelativeError(
  actual: readonly number[],
  expected: readonly number[],
  floor = 1e-8,
): number {
  let worst = 0;
  expected.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual[i] - e) / Math.max(Math.abs(e), floor));
  });
  return worst;
}
