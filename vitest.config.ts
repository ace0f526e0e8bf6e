import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three suites: unit (pure code, no services), integration (real PostgreSQL, a database per test file cloned
// from a migrated template made once in globalSetup) and e2e (the built app served, driven by Chromium).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/unit/**/*.test.tsx"],
          setupFiles: ["test/setup/console.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/integration/**/*.test.tsx"],
          setupFiles: ["test/setup/console.ts", "test/setup/database.ts"],
          globalSetup: ["test/setup/global-database.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          setupFiles: ["test/setup/console.ts", "test/setup/database.ts"],
          globalSetup: ["test/setup/global-database.ts", "test/setup/global-build.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
