// The Sync page's replay of a failed delivery, through the route with a really signed session token.
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaSessionStorage } from "~/shopify/session-storage.server";
import { SCOPES, useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";

const API_KEY = "replay-key";
const API_SECRET = "replay-secret";
useAppEnv({ apiKey: API_KEY, apiSecret: API_SECRET });

async function failedEvent(shopId: number, webhookId: string) {
  await db.webhookEvent.create({
    data: {
      shopId,
      webhookId,
      topic: "customers/redact",
      body: {},
      status: "failed",
      attempts: 8,
      error: "boom",
    },
  });
}

async function post(form: Record<string, string>) {
  const { action } = await import("~/routes/app.sync");
  const { token } = await getJwt("replay", API_KEY, API_SECRET);
  const request = new Request("https://keel.example.com/app/sync", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body: new URLSearchParams(form),
  });
  const result = await action({ request, params: {}, context: {} });
  return result instanceof Response
    ? { status: result.status, body: await result.json() }
    : { status: 200, body: result };
}

describe("replaying a failed webhook delivery", () => {
  it("queues the shop's own failed delivery again, and refuses another shop's", async () => {
    const mine = await seedShop(db, "replay.myshopify.com");
    const theirs = await seedShop(db, "other-replay.myshopify.com");
    const session = new Session({
      id: "offline_replay.myshopify.com",
      shop: mine.domain,
      state: "s",
      isOnline: false,
    });
    session.accessToken = "shpat_replay";
    session.scope = SCOPES;
    await new PrismaSessionStorage(db).storeSession(session);
    await failedEvent(mine.id, "mine-1");
    await failedEvent(theirs.id, "theirs-1");

    expect(await post({ intent: "replay", webhookId: "mine-1" })).toEqual({
      status: 200,
      body: { replayed: "mine-1" },
    });
    const event = await db.webhookEvent.findUniqueOrThrow({
      where: { shopId_webhookId: { shopId: mine.id, webhookId: "mine-1" } },
    });
    expect(event).toMatchObject({ status: "received", attempts: 0, error: null });
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'process-webhook' AND key = ${`webhook:${mine.id}:mine-1`}`;
    expect(Number(n)).toBe(1);

    expect(await post({ intent: "replay", webhookId: "theirs-1" })).toEqual({
      status: 404,
      body: { error: "no failed delivery theirs-1 of this shop" },
    });
    const untouched = await db.webhookEvent.findUniqueOrThrow({
      where: { shopId_webhookId: { shopId: theirs.id, webhookId: "theirs-1" } },
    });
    expect(untouched.status).toBe("failed");
    expect(await post({ intent: "delete", webhookId: "mine-1" })).toEqual({
      status: 400,
      body: { error: "expected intent=replay and a webhookId" },
    });
  });
});
