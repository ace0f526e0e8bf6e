/**
 * The sandbox store's data sources: the Online Retail replay (a real shop's year) and the seeded synthetic
 * generator (any size). Both are deterministic given their inputs: same inputs, identical store.
 */
import { fileURLToPath } from "node:url";
import { readCsv } from "../../app/lib/csv";
import { replayOnlineRetail, type OnlineRetailOptions } from "./online-retail";
import { generateSyntheticStore, type SyntheticOptions } from "./synthetic";
import type { SandboxStore } from "./types";

export { replayOnlineRetail, generateSyntheticStore };
export type { OnlineRetailOptions, SyntheticOptions };
export type { UnmatchedReturn, OnlineRetailReplay } from "./online-retail";

/** The data set shipped in the repository (data/online-retail, UCI Online Retail, CC BY 4.0). */
export const ONLINE_RETAIL_PATH = fileURLToPath(
  new URL("../../data/online-retail/online-retail.csv.gz", import.meta.url),
);

/**
 * The replay of the Online Retail data set, streamed from `path` (the shipped file by default), with dates
 * shifted by a number of days so that the last order falls on yesterday: the London day before `asOf`
 * (weekdays are not kept).
 * @example
 * const store = await loadOnlineRetailStore({ asOf: new Date() }); // the caller picks "now"
 */
export async function loadOnlineRetailStore(
  options: { asOf: Date; path?: string } & Omit<OnlineRetailOptions, "asOf">,
): Promise<SandboxStore> {
  const { path = ONLINE_RETAIL_PATH, ...rest } = options;
  const { store } = await replayOnlineRetail(readCsv(path), rest);
  return store;
}
