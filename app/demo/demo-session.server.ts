/**
 * Demo mode's sign-in shortcut. Outside the Shopify admin there is no App Bridge to hand the page session
 * tokens, so the demo signs in once: it makes the session token the admin would (HS256 with the app secret),
 * lets Shopify's library authenticate it (which installs Keel through token exchange with the sandbox), and
 * marks the browser with a cookie signed with the same secret, good only for the sandbox shop.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

const COOKIE = "keel_demo";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A session token as the Shopify admin issues them (shopify.dev, "Session tokens"), valid for a minute. */
export function signSessionToken(options: {
  shop: string;
  apiKey: string;
  secret: string;
  now: Date;
}): string {
  const now = Math.floor(options.now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: "1",
      exp: now + 60,
      nbf: now - 1,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", options.secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

const sign = (shop: string, secret: string) =>
  createHmac("sha256", secret).update(`keel-demo:${shop}`).digest("base64url");

/** The Set-Cookie value that signs the browser in to the demo shop. */
export function demoCookie(shop: string, secret: string): string {
  return `${COOKIE}=${shop}.${sign(shop, secret)}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The shop the request's demo cookie was signed for, or undefined when it has none or a forged one. */
export function demoShopOf(request: Request, secret: string): string | undefined {
  const cookie = request.headers
    .get("Cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${COOKIE}=`));
  if (!cookie) return undefined;
  const value = cookie.slice(COOKIE.length + 1);
  const dot = value.lastIndexOf(".");
  const shop = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(shop, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? shop : undefined;
}
