import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoCookie, demoShopOf, signSessionToken } from "~/demo/demo-session.server";

const secret = "demo-secret";
const request = (cookie: string) => new Request("http://127.0.0.1/app", { headers: { Cookie: cookie } });

describe("the demo's session token", () => {
  it("is an HS256 JWT with the claims Shopify's admin puts in one (shopify.dev, Session tokens)", () => {
    const token = signSessionToken({
      shop: "keel-demo.myshopify.com",
      apiKey: "key",
      secret,
      now: new Date(1_800_000_000_000),
    });
    const [header, payload, signature] = token.split(".");
    // The signature checked independently of the code under test.
    expect(signature).toBe(createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url"));
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toMatchObject({
      iss: "https://keel-demo.myshopify.com/admin",
      dest: "https://keel-demo.myshopify.com",
      aud: "key",
      exp: 1_800_000_060,
      nbf: 1_799_999_999,
    });
  });
});

describe("the demo cookie", () => {
  it("names the shop it was signed for", () => {
    const cookie = demoCookie("keel-demo.myshopify.com", secret).split(";")[0];
    expect(demoShopOf(request(`other=1; ${cookie}`), secret)).toBe("keel-demo.myshopify.com");
  });

  it("is refused when forged, signed with another secret, or altered to name another shop", () => {
    const cookie = demoCookie("keel-demo.myshopify.com", secret).split(";")[0];
    expect(demoShopOf(request("keel_demo=keel-demo.myshopify.com.forged"), secret)).toBeUndefined();
    expect(demoShopOf(request(cookie), "another-secret")).toBeUndefined();
    expect(demoShopOf(request(cookie.replace("keel-demo", "victim")), secret)).toBeUndefined();
    expect(demoShopOf(request(""), secret)).toBeUndefined();
  });
});
