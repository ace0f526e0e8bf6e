import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  createMigration,
  migrationState,
  pendingSchemaChange,
  type MigrationPaths,
} from "~/db/migrations.server";
import { SchemaEngineError } from "~/db/schema-engine.server";

// This file's own database (test/setup/database.ts), cloned from the migrated template.
const url = process.env.DATABASE_URL as string;

/** A copy of the project's schema and migrations to change freely. */
function scratchProject(): MigrationPaths {
  const root = mkdtempSync(join(tmpdir(), "keel-migrations-"));
  mkdirSync(join(root, "prisma"));
  cpSync("prisma/schema.prisma", join(root, "prisma/schema.prisma"));
  cpSync("prisma/migrations", join(root, "prisma/migrations"), { recursive: true });
  return { schemaPath: join(root, "prisma/schema.prisma"), migrationsDir: join(root, "prisma/migrations") };
}

async function state(paths: MigrationPaths) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await migrationState((sql) => client.query(sql), paths);
  } finally {
    await client.end();
  }
}

describe("offline migrations", () => {
  it("finds schema.prisma and prisma/migrations in agreement (the CI check)", async () => {
    expect(await pendingSchemaChange(url)).toBeNull();
  });

  it("creates a migration from a schema change, writes an ordinary Prisma folder, and applies it", async () => {
    const paths = scratchProject();
    const schema = readFileSync(paths.schemaPath, "utf8");
    writeFileSync(
      paths.schemaPath,
      schema.replace(
        '  syncError        String?   @map("sync_error")',
        '  syncError        String?   @map("sync_error")\n  notes String?',
      ),
    );

    const created = await createMigration(url, "add_shop_notes", paths, new Date("2027-01-02T03:04:05Z"));
    expect(created).toEqual({ folder: "20270102030405_add_shop_notes" });
    const sql = readFileSync(
      join(paths.migrationsDir, "20270102030405_add_shop_notes/migration.sql"),
      "utf8",
    );
    expect(sql).toContain('ALTER TABLE "shops" ADD COLUMN     "notes" TEXT;');

    expect((await state(paths)).pending).toEqual(["20270102030405_add_shop_notes"]);
    expect(await applyMigrations(url, paths)).toEqual(["20270102030405_add_shop_notes"]);
    expect(await state(paths)).toMatchObject({ pending: [], failed: [] });
    expect(await pendingSchemaChange(url, paths)).toBeNull();
    // Nothing left to create.
    expect(await createMigration(url, "again", paths)).toEqual({
      folder: null,
      reason: "schema.prisma and the migrations already agree",
    });
  });

  it("reports a migration that failed part-way and does not retry it", async () => {
    const paths = scratchProject();
    const folder = join(paths.migrationsDir, "29990101000000_breaks_halfway");
    mkdirSync(folder);
    writeFileSync(join(folder, "migration.sql"), 'CREATE TABLE "half_done" (id int);\nSELECT 1 / 0;\n');

    await expect(applyMigrations(url, paths)).rejects.toThrow(/division by zero/);
    expect((await state(paths)).failed).toEqual(["29990101000000_breaks_halfway"]);
    const again = applyMigrations(url, paths);
    await expect(again).rejects.toThrow(SchemaEngineError);
    await expect(again).rejects.toThrow(
      "migration 29990101000000_breaks_halfway failed part-way in an earlier run and was not retried",
    );
  });

  it("refuses a migration name that would make a bad folder", async () => {
    await expect(createMigration(url, "../escape", scratchProject())).rejects.toThrow(
      "migration name '../escape' may contain only letters, digits and underscores",
    );
    expect(existsSync("prisma/migrations/escape")).toBe(false);
  });
});
