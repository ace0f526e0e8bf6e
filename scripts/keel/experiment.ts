/**
 * `keel experiment --input experiment.json [--alpha 0.05] [--tau 5000] [--format json|text]`
 *
 * Reads an experiment's per-arm sums (the first arm is the control), validates them with zod so a
 * malformed file gets a message naming the field and what was expected, and prints the analysis of
 * app/experiments/model: SRM check, fixed-horizon, sequential (anytime-valid) and Bayesian results.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { CommandIo } from "../keel.ts";
import {
  analyzeExperiment,
  type AnalysisOptions,
  type Comparison,
  type ExperimentAnalysis,
  type ExperimentInput,
  type ReportedInterval,
} from "../../app/experiments/model/index.ts";

const USAGE = `Usage: keel experiment --input <file.json> [options]

Analyse an A/B experiment from per-arm sums (the first arm is the control).

Options:
  --input <file>         experiment JSON: {"arms": [...], "metrics": {...}} (required)
  --alpha <number>       significance level, default 0.05
  --tau <number>         sequential tuning parameter: total visitors where the
                         confidence sequence is tightest, default 5000
  --alternative <name>   two-sided (default), greater or less
  --correction <name>    none (default), holm or bh, across all variants and metrics
  --prior-mean <number>  Bayesian normal prior on the relative lift (with --prior-sd)
  --prior-sd <number>    standard deviation of that prior; flat prior when absent
  --format <name>        json (default) or text
  -h, --help             show this help
`;

const metricSumsSchema = z.strictObject({
  sum: z.number(),
  sumSquares: z.number().nonnegative().optional(),
  denominatorSum: z.number().optional(),
  denominatorSumSquares: z.number().nonnegative().optional(),
  denominatorCrossProducts: z.number().optional(),
  preSum: z.number().optional(),
  preSumSquares: z.number().nonnegative().optional(),
  sumCrossProducts: z.number().optional(),
});

const armSchema = z.strictObject({
  name: z.string().min(1),
  weight: z.number().positive(),
  visitors: z.number().int().nonnegative(),
  metrics: z.record(z.string(), metricSumsSchema),
});

const RATIO_FIELDS = [
  "sumSquares",
  "denominatorSum",
  "denominatorSumSquares",
  "denominatorCrossProducts",
] as const;

/** The input file's schema, with the cross-field rules (every arm has every metric's sums). */
export const experimentInputSchema = z
  .strictObject({
    arms: z.array(armSchema).min(1),
    metrics: z.record(z.string(), z.strictObject({ type: z.enum(["proportion", "mean", "ratio"]) })),
  })
  .superRefine((input, context) => {
    const names = new Set<string>();
    input.arms.forEach((arm, index) => {
      if (names.has(arm.name)) {
        context.addIssue({
          code: "custom",
          path: ["arms", index, "name"],
          message: `duplicate arm name '${arm.name}'`,
        });
      }
      names.add(arm.name);
      for (const [metric, definition] of Object.entries(input.metrics)) {
        const sums = arm.metrics[metric];
        const path = ["arms", index, "metrics", metric];
        if (!sums) {
          context.addIssue({
            code: "custom",
            path,
            message: `missing: expected the sums of metric '${metric}'`,
          });
          continue;
        }
        if (
          definition.type === "proportion" &&
          !(Number.isInteger(sums.sum) && sums.sum >= 0 && sums.sum <= arm.visitors)
        ) {
          context.addIssue({
            code: "custom",
            path: [...path, "sum"],
            message: `expected a whole number of converting visitors between 0 and visitors (${arm.visitors}), received ${sums.sum}`,
          });
        }
        const required =
          definition.type === "mean"
            ? (["sumSquares"] as const)
            : definition.type === "ratio"
              ? RATIO_FIELDS
              : [];
        for (const field of required) {
          if (sums[field] === undefined) {
            context.addIssue({
              code: "custom",
              path: [...path, field],
              message: `missing: a ${definition.type} metric needs ${field}`,
            });
          }
        }
      }
    });
  });

function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || "(top level)";
}

/** One line per problem: `arms[1].visitors: Invalid input: expected number, received string`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function parseNumberOption(
  value: string | undefined,
  name: string,
  check: (n: number) => boolean,
): number | string | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || !check(number)) return `--${name}: invalid value '${value}'`;
  return number;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "+inf" : "-inf";
  return Math.abs(value) >= 1000 || Math.abs(value) < 0.001 ? value.toPrecision(4) : value.toFixed(4);
}

function formatInterval(interval: ReportedInterval, asPercent: boolean): string {
  const show = asPercent ? (v: number) => (Number.isFinite(v) ? percent(v) : formatNumber(v)) : formatNumber;
  const adjusted =
    interval.pValueAdjusted === undefined ? "" : `, adjusted p ${interval.pValueAdjusted.toPrecision(3)}`;
  return `${show(interval.estimate)} [${show(interval.ci[0])}, ${show(interval.ci[1])}] p ${interval.pValue.toPrecision(3)}${adjusted}`;
}

function textReport(analysis: ExperimentAnalysis): string {
  const lines: string[] = [];
  const { srm } = analysis;
  lines.push(
    srm.ok
      ? `Sample ratio: p = ${srm.pValue.toPrecision(3)}${srm.flagged ? "  MISMATCH: do not trust these results" : " (ok)"}`
      : `Sample ratio: not checked (${srm.reason})`,
  );
  for (const note of analysis.notes) lines.push(`Note: ${note}`);
  const confidence = `${Math.round((1 - analysis.options.alpha) * 1000) / 10}%`;
  for (const result of analysis.results) lines.push("", ...comparisonLines(result, confidence));
  return `${lines.join("\n")}\n`;
}

function comparisonLines(result: Comparison, confidence: string): string[] {
  const title = `${result.arm} vs control, ${result.metric}`;
  if (!result.ok) return [title, `  not analysed: ${result.reason}`];
  const lines = [
    `${title} (${result.type}): control ${formatNumber(result.control.mean)}, ${result.arm} ${formatNumber(result.variant.mean)}`,
    `  absolute           ${formatInterval(result.absolute, false)}  (${confidence} CI)`,
  ];
  if (result.relative) lines.push(`  relative           ${formatInterval(result.relative, true)}`);
  lines.push(`  sequential abs.    ${formatInterval(result.sequential.absolute, false)}  (anytime-valid)`);
  if (result.sequential.relative)
    lines.push(`  sequential rel.    ${formatInterval(result.sequential.relative, true)}`);
  if (result.bayesian) {
    const b = result.bayesian;
    lines.push(
      `  bayesian           chance to win ${percent(b.chanceToWin)}, risk control ${percent(b.risk[0])} / ${result.arm} ${percent(b.risk[1])}, lift [${percent(b.ci[0])}, ${percent(b.ci[1])}]`,
    );
  }
  if (result.cuped)
    lines.push(`  CUPED              variance reduced by ${percent(result.cuped.varianceReduction)}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** Entry point of `keel experiment`. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        input: { type: "string" },
        alpha: { type: "string" },
        tau: { type: "string" },
        alternative: { type: "string" },
        correction: { type: "string" },
        "prior-mean": { type: "string" },
        "prior-sd": { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`keel experiment: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const usageError = (message: string): number => {
    io.stderr.write(`keel experiment: ${message}\n\n${USAGE}`);
    return 2;
  };
  if (typeof values.input !== "string") return usageError("--input is required");
  const alpha = parseNumberOption(values.alpha as string | undefined, "alpha", (n) => n > 0 && n < 1);
  const tau = parseNumberOption(values.tau as string | undefined, "tau", (n) => n > 0);
  const priorMean = parseNumberOption(values["prior-mean"] as string | undefined, "prior-mean", () => true);
  const priorSd = parseNumberOption(values["prior-sd"] as string | undefined, "prior-sd", (n) => n > 0);
  for (const parsed of [alpha, tau, priorMean, priorSd])
    if (typeof parsed === "string") return usageError(parsed);
  const format = (values.format as string | undefined) ?? "json";
  if (format !== "json" && format !== "text")
    return usageError(`--format: expected json or text, received '${format}'`);
  const alternative = (values.alternative as string | undefined) ?? "two-sided";
  if (alternative !== "two-sided" && alternative !== "greater" && alternative !== "less") {
    return usageError(`--alternative: expected two-sided, greater or less, received '${alternative}'`);
  }
  const correctionName = (values.correction as string | undefined) ?? "none";
  const corrections = { none: "none", holm: "holm", bh: "benjamini-hochberg" } as const;
  if (!(correctionName in corrections)) {
    return usageError(`--correction: expected none, holm or bh, received '${correctionName}'`);
  }
  if ((priorMean === undefined) !== (priorSd === undefined)) {
    return usageError("--prior-mean and --prior-sd go together");
  }

  let raw: string;
  try {
    raw = await readFile(values.input, "utf8");
  } catch (error) {
    io.stderr.write(
      `keel experiment: cannot read ${values.input}: ${(error as NodeJS.ErrnoException).code ?? error}\n`,
    );
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    io.stderr.write(`keel experiment: ${values.input} is not valid JSON: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = experimentInputSchema.safeParse(json);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error).map((line) => `  ${line}`);
    io.stderr.write(`keel experiment: ${values.input} is not a valid experiment:\n${lines.join("\n")}\n`);
    return 1;
  }

  const options: Partial<AnalysisOptions> = {
    alternative,
    correction: corrections[correctionName as keyof typeof corrections],
  };
  if (alpha !== undefined) options.alpha = alpha as number;
  if (tau !== undefined) options.tau = tau as number;
  if (priorMean !== undefined) {
    options.prior = { mean: priorMean as number, standardDeviation: priorSd as number };
  }
  const analysis = analyzeExperiment(parsed.data as ExperimentInput, options);
  // JSON has no Infinity: the open end of a one-sided interval is written as null.
  io.stdout.write(format === "json" ? `${JSON.stringify(analysis, null, 2)}\n` : textReport(analysis));
  return 0;
}
