/**
 * The `keel` command line: one binary, one module per command under scripts/keel/.
 * Each command module exports `run(argv, io)` and returns the process exit status.
 */
import { explain } from "./run-main";

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  status: {
    summary: "install and sync state and the totals Keel holds, per shop",
    load: () => import("./keel/status.ts"),
  },
  forecast: {
    summary: "forecast daily demand from a CSV of sales history",
    load: () => import("./keel/forecast.ts"),
  },
  customers: {
    summary: "RFM, lifetime value and churn from a CSV of orders",
    load: () => import("./keel/customers.ts"),
  },
  experiment: {
    summary: "analyse an A/B experiment from a JSON summary",
    load: () => import("./keel/experiment.ts"),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: keel <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'keel <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: CommandIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`keel: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const { run } = await command.load();
  try {
    return await run(rest, io);
  } catch (error) {
    const message = explain(error);
    if (message === undefined) throw error;
    io.stderr.write(`keel ${name}: ${message}\n`);
    return 1;
  }
}
