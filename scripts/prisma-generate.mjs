// `prisma generate` without network access. The Prisma CLI insists on a native schema engine binary it
// would download from Prisma's own host, yet generate never executes it: pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the check (STACK.md). The real engine work
// (migrations) goes through @prisma/schema-engine-wasm in scripts/db-migrate.ts.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
