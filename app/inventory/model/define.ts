/** Builds a {@link DemandModel} from its parts, deriving `forecast` as fit followed by predict. */
import type { DemandForecast, DemandModel, ModelOptions, Outcome } from "./types.ts";

export function defineModel<Fitted>(parts: Omit<DemandModel<Fitted>, "forecast">): DemandModel<Fitted> {
  return {
    ...parts,
    forecast(history, horizonDays, levels, options?: ModelOptions): Outcome<{ forecast: DemandForecast }> {
      const fitted = parts.fit(history, options);
      if (!fitted.ok) return fitted;
      return { ok: true, forecast: parts.predict(fitted.fitted, horizonDays, levels) };
    },
  };
}

/** Shared input checks: every model refuses empty or non-finite histories with a reason. */
export function checkHistory(history: readonly number[], minimum = 1): string | null {
  if (history.length === 0) return "empty history";
  if (history.some((v) => !Number.isFinite(v))) return "history contains non-finite values";
  if (history.length < minimum) return `history too short (${history.length} < ${minimum} days)`;
  return null;
}
