// model/ folders hold the pure mathematics: the lint rule that keeps them pure must really fire.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function rulesBroken(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe("model/ purity (eslint.config.js)", () => {
  it.each([
    ['import { db } from "~/db.server";\nexport const rows = db;\n', "model/ code must stay pure"],
    [
      'import { PrismaClient } from "@prisma/client";\nexport const C = PrismaClient;\n',
      "may not use the database",
    ],
    [
      'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
      "model/ code does no I/O",
    ],
    ["export const now = () => Date.now();\n", "model/ code takes the time as an argument"],
    ["export const home = () => process.env.HOME;\n", "model/ code reads no environment"],
  ])("refuses %j in a model file", async (code, message) => {
    const broken = await rulesBroken(code, "app/inventory/model/probe.ts");
    expect(broken.join("\n")).toContain(message);
  });

  it("allows the database and the clock in a service beside it", async () => {
    const code = 'import { db } from "~/db.server";\nexport const rows = () => [db, Date.now()];\n';
    expect(await rulesBroken(code, "app/inventory/forecast.server.ts")).toEqual([]);
  });
});

describe("one reader of the environment", () => {
  it("refuses process.env anywhere in app/ but app/env.server.ts", async () => {
    const code = "export const secret = () => process.env.SHOPIFY_API_SECRET;\n";
    expect((await rulesBroken(code, "app/shopify/admin.server.ts")).join("\n")).toContain(
      "read settings through app/env.server.ts",
    );
    expect(await rulesBroken(code, "app/env.server.ts")).toEqual([]);
  });
});
