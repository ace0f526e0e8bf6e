/**
 * Turns the errors a person can fix (bad environment, unreachable database, migration problems, a port in
 * use) into one line on stderr and exit status 1, instead of a stack trace.
 */
import { EnvError } from "../app/env.server";
import { DatabaseUnavailableError } from "../app/db/database.server";
import { EmbeddedPostgresError } from "../app/db/embedded-postgres.server";
import { SchemaEngineError } from "../app/db/schema-engine.server";

const explained = [EnvError, DatabaseUnavailableError, EmbeddedPostgresError, SchemaEngineError];

/** The one-line explanation of an error a person can fix, or undefined for a bug (which keeps its stack). */
export function explain(error: unknown): string | undefined {
  return explained.some((kind) => error instanceof kind) ? (error as Error).message : undefined;
}

export async function runMain(name: string, main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    const message = explain(error);
    if (message === undefined) throw error;
    process.stderr.write(`${name}: ${message}\n`);
    process.exitCode = 1;
  }
}
