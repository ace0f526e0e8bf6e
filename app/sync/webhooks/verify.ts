/**
 * Shopify signs every webhook delivery: base64(HMAC-SHA256(app secret, raw body)) in X-Shopify-Hmac-Sha256
 * (shopify.dev, "Verify webhook deliveries"). The raw bytes are what is signed, so they are checked before
 * anything parses them.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function verifyWebhookHmac(rawBody: Uint8Array, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header, "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}
