import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, API_KEY, API_SECRET, startTestSandbox } from "./client";

// Session tokens are really signed (jose, via @shopify/shopify-api's getJwt) and exchanged over HTTP in the
// shape @shopify/shopify-api sends (spec-and-vectors.json, token_exchange).
const SHOP_NAME = "sandbox-test";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

async function exchange(subjectToken: string, overrides: Record<string, unknown> = {}) {
  const response = await fetch(`${sandbox.origin}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: subjectToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: OFFLINE,
      expiring: "0",
      ...overrides,
    }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

const shopQuery = "query ShopName { shop { name } }";

describe("token exchange", () => {
  it("exchanges a valid session token for an offline token that opens the Admin API", async () => {
    const { token } = await getJwt(SHOP_NAME, API_KEY, API_SECRET);
    const { status, body } = await exchange(token);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "scope"]);
    expect(body.scope).toContain("read_orders");
    const answer = await adminQuery(sandbox, body.access_token, shopQuery);
    expect(answer.body.data).toEqual({ shop: { name: "Sandbox Test" } });
    expect(sandbox.calls.some((c) => c.kind === "token-exchange" && c.status === 200)).toBe(true);
  });

  it("answers an online token with the associated user from the token's sub", async () => {
    const { token } = await getJwt(SHOP_NAME, API_KEY, API_SECRET, { sub: "42" });
    const { status, body } = await exchange(token, { requested_token_type: ONLINE });
    expect(status).toBe(200);
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.associated_user.id).toBe(42);
    expect(body.associated_user_scope).toBe(body.scope);
    expect((await adminQuery(sandbox, body.access_token, shopQuery)).status).toBe(200);
  });

  it("gives expiring offline tokens a single-use refresh token", async () => {
    const { token } = await getJwt(SHOP_NAME, API_KEY, API_SECRET);
    const first = await exchange(token, { expiring: "1" });
    expect(first.body.expires_in).toBe(3600);
    const refresh = () =>
      fetch(`${sandbox.origin}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: "refresh_token",
          refresh_token: first.body.refresh_token,
        }),
      });
    const renewed = await refresh();
    expect(renewed.status).toBe(200);
    const again = await refresh();
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe("invalid_grant");
  });

  it.each([
    [
      "signed with another secret",
      () => getJwt(SHOP_NAME, API_KEY, "not-the-secret"),
      "invalid_subject_token",
    ],
    ["for another app", () => getJwt(SHOP_NAME, "other-app", API_SECRET), "invalid_subject_token"],
    ["for another shop", () => getJwt("other-shop", API_KEY, API_SECRET), "invalid_subject_token"],
    [
      "expired a minute ago",
      () => getJwt(SHOP_NAME, API_KEY, API_SECRET, { exp: Date.now() / 1000 - 60 }),
      "invalid_subject_token",
    ],
    [
      "not valid for another minute",
      () => getJwt(SHOP_NAME, API_KEY, API_SECRET, { nbf: Date.now() / 1000 + 60 }),
      "invalid_subject_token",
    ],
  ])("refuses a session token %s", async (_label, makeToken, error) => {
    const { token } = await makeToken();
    const { status, body } = await exchange(token);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(typeof body.error_description).toBe("string");
  });

  it("accepts a token that expired within the 10 s clock tolerance", async () => {
    const { token } = await getJwt(SHOP_NAME, API_KEY, API_SECRET, { exp: Date.now() / 1000 - 5 });
    expect((await exchange(token)).status).toBe(200);
  });

  it("refuses a wrong client secret and a token that is not a JWT", async () => {
    const { token } = await getJwt(SHOP_NAME, API_KEY, API_SECRET);
    expect((await exchange(token, { client_secret: "wrong" })).body.error).toBe("invalid_client");
    expect((await exchange("not_a_valid_token")).body.error).toBe("invalid_subject_token");
  });

  it("answers 401 to an unknown access token, in Shopify's words", async () => {
    const answer = await adminQuery(sandbox, "shpat_unknown", shopQuery);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    expect(sandbox.calls.at(-1)).toMatchObject({ kind: "graphql", status: 401 });
  });
});
