// Configuration for the Prisma CLI (client generation). Migrations do not go through the CLI:
// scripts/db-migrate.ts drives Prisma's schema engine (WebAssembly) offline, see docs/decisions/0002.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
