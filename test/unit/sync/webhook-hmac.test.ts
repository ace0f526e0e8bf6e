import { describe, expect, it } from "vitest";
import { verifyWebhookHmac } from "~/sync/webhooks/verify";

// Test vector from Shopify's documentation and shopify-app-js (shared/reference spec-and-vectors.json,
// webhook_hmac): secret "test_secret_key", body {"foo": "bar"}.
const body = new TextEncoder().encode('{"foo": "bar"}');
const signature = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";

describe("webhook HMAC", () => {
  it("accepts Shopify's published signature of the raw body", () => {
    expect(verifyWebhookHmac(body, signature, "test_secret_key")).toBe(true);
  });

  it("refuses another secret, a changed body, a missing or malformed header", () => {
    expect(verifyWebhookHmac(body, signature, "another_secret")).toBe(false);
    expect(verifyWebhookHmac(new TextEncoder().encode('{"foo":"bar"}'), signature, "test_secret_key")).toBe(
      false,
    );
    expect(verifyWebhookHmac(body, null, "test_secret_key")).toBe(false);
    expect(verifyWebhookHmac(body, "not base64 at all!", "test_secret_key")).toBe(false);
  });
});
