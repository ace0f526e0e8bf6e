/**
 * Keel's experiment statistics engine: pure functions over plain numbers (no I/O, no clock), so the same
 * code runs in the worker, the CLI, the benchmark and the tests.
 */
export * from "./types.ts";
export * from "./distributions.ts";
export * from "./metrics.ts";
export * from "./frequentist.ts";
export * from "./sequential.ts";
export * from "./bayesian.ts";
export * from "./srm.ts";
export * from "./cuped.ts";
export * from "./multiple-testing.ts";
export * from "./outliers.ts";
export * from "./planning.ts";
export * from "./assignment.ts";
export * from "./analyze.ts";
