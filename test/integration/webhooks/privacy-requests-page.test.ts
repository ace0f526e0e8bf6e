// The Privacy page and its download: a data request Shopify sent (really signed) becomes a file the merchant
// downloads through a route that checks the session token, and no shop can reach another shop's request.
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaSessionStorage } from "~/shopify/session-storage.server";
import { SCOPES, useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { deliverWebhook, runQueuedJobs } from "../../support/webhooks";

const API_KEY = "privacy-page-key";
const API_SECRET = "privacy-page-secret";
useAppEnv({ apiKey: API_KEY, apiSecret: API_SECRET });

/** A customers/data_request, signed by the tests' own signer (test/support/webhooks.ts). */
async function dataRequest(shop: string, customerId: bigint, requestId: number) {
  const body = JSON.stringify({
    shop_domain: shop,
    customer: { id: Number(customerId) },
    orders_requested: [],
    data_request: { id: requestId },
  });
  expect(await deliverWebhook(API_SECRET, shop, "customers/data_request", body)).toBe(200);
}

async function signedRequest(path: string, shopName: string) {
  const { token } = await getJwt(shopName, API_KEY, API_SECRET);
  return new Request(`https://keel.example.com${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

async function offlineSession(shop: string) {
  const session = new Session({ id: `offline_${shop}`, shop, state: "s", isOnline: false });
  session.accessToken = "shpat_privacy";
  session.scope = SCOPES;
  await new PrismaSessionStorage(db).storeSession(session);
}

describe("the Privacy page", () => {
  it("lists the shop's own requests and downloads a data request's export, refusing another shop's", async () => {
    const mine = await seedShop(db, "privacy-page.myshopify.com", { orders: [{ total: "12.00", lines: 2 }] });
    const theirs = await seedShop(db, "privacy-other.myshopify.com", { orders: [{ total: "5.00" }] });
    await offlineSession(mine.domain);
    const myCustomer = await db.customer.findFirstOrThrow({ where: { shopId: mine.id } });
    const theirCustomer = await db.customer.findFirstOrThrow({ where: { shopId: theirs.id } });
    await dataRequest(mine.domain, myCustomer.id, 7001);
    await dataRequest(theirs.domain, theirCustomer.id, 7002);
    await runQueuedJobs();

    const page = await import("~/routes/app.privacy");
    const listed = await page.loader({
      request: await signedRequest("/app/privacy", "privacy-page"),
      params: {},
      context: {},
    });
    expect(listed.requests).toHaveLength(1);
    expect(listed.requests[0]).toMatchObject({
      topic: "customers/data_request",
      customerId: myCustomer.id.toString(),
      dataRequestId: "7001",
      orders: 1,
    });

    const download = await import("~/routes/app.privacy.$requestId.download");
    const mineId = listed.requests[0].id;
    const file = await download.loader({
      request: await signedRequest(`/app/privacy/${mineId}/download`, "privacy-page"),
      params: { requestId: String(mineId) },
      context: {},
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Disposition")).toBe(
      `attachment; filename="keel-data-request-${mineId}-customer-${myCustomer.id}.json"`,
    );
    const body = JSON.parse(await file.text());
    expect(body).toMatchObject({ shopifyDataRequestId: "7001", customerId: myCustomer.id.toString() });
    expect(body.data.customer.email).toBe("buyer@privacy-page.myshopify.com");
    expect(body.data.orders[0].lines).toHaveLength(2);

    const theirsId = (await db.privacyRequest.findFirstOrThrow({ where: { shopId: theirs.id } })).id;
    for (const requestId of [String(theirsId), "0", "not-a-number"]) {
      const refused = await download.loader({
        request: await signedRequest(`/app/privacy/${requestId}/download`, "privacy-page"),
        params: { requestId },
        context: {},
      });
      expect(refused.status).toBe(404);
    }
  });

  it("answers the download without a session token with no data", async () => {
    const download = await import("~/routes/app.privacy.$requestId.download");
    const outcome = await download
      .loader({
        request: new Request("https://keel.example.com/app/privacy/1/download"),
        params: { requestId: "1" },
        context: {},
      })
      .catch((thrown: unknown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    const response = outcome as Response;
    expect(response.status).not.toBe(200);
    expect(response.headers.get("Content-Disposition")).toBeNull();
  });
});
