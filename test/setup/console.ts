// Any console.error or console.warn a test did not expect fails it (Epic Stack's rule): a test that
// expects one replaces the spy with its own (`vi.spyOn(console, "error").mockImplementation(...)`).
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  for (const level of ["error", "warn"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      throw new Error(`Unexpected console.${level}: ${args.map(String).join(" ")}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});
