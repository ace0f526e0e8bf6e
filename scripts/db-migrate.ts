/**
 * npm run db:migrate                   apply pending migrations
 * npm run db:migration -- --name X     create a migration from the change to prisma/schema.prisma
 * npm run db:check                     fail when schema.prisma and the migrations disagree
 * All three work offline (docs/decisions/0002-offline-migrations.md).
 */
import { parseArgs } from "node:util";
import { assertReachable, databaseUrl } from "../app/db/database.server";
import { applyMigrations, createMigration, pendingSchemaChange } from "../app/db/migrations.server";
import { runMain } from "./run-main";

await runMain("db", async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" } },
  });
  const action = positionals[0];
  const url = await databaseUrl();
  await assertReachable(url);

  if (action === "apply") {
    const applied = await applyMigrations(url);
    console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.");
    return 0;
  }
  if (action === "create") {
    if (!values.name) {
      console.error("db: give the migration a name: npm run db:migration -- --name add_something");
      return 2;
    }
    const result = await createMigration(url, values.name);
    if (result.folder === null) {
      console.log(`No migration created: ${result.reason}.`);
      return 0;
    }
    console.log(
      `Created prisma/migrations/${result.folder}/migration.sql; apply it with npm run db:migrate.`,
    );
    return 0;
  }
  if (action === "check") {
    const change = await pendingSchemaChange(url);
    if (change === null) {
      console.log("schema.prisma and prisma/migrations agree.");
      return 0;
    }
    console.error(
      "schema.prisma and prisma/migrations disagree; create the missing migration with " +
        "npm run db:migration -- --name <what_changed>. The difference:\n" +
        change,
    );
    return 1;
  }
  console.error("db: usage: db-migrate.ts apply | create --name NAME | check");
  return 2;
});
