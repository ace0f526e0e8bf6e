/**
 * Shopify's token exchange (shopify.dev, "Exchange a session token for an access token"; request and response
 * shapes as Shopify's own shopify-api library sends and reads them): the app POSTs the session token it got from
 * App Bridge to `/admin/oauth/access_token` and receives an offline or online access token. The session token
 * is checked as Shopify checks it: HS256 signed with the app's secret, `aud` = the app's client id, `dest` =
 * the shop's URL, `exp`/`nbf` with 10 s of clock tolerance. Expiring offline tokens (the app's
 * `expiringOfflineAccessTokens` flag, `expiring: "1"`) come with a refresh token, exchanged by
 * `grant_type=refresh_token`. Refusals are `400 {error, error_description}`, as OAuth servers answer.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
const CLOCK_TOLERANCE_S = 10;
// Lifetimes Shopify documents: online tokens last a day, expiring offline tokens an hour, refresh tokens 90 days.
const ONLINE_EXPIRES_IN_S = 86_399;
const OFFLINE_EXPIRES_IN_S = 3_600;
const REFRESH_EXPIRES_IN_S = 7_776_000;

export interface IssuedToken {
  accessToken: string;
  online: boolean;
  scope: string;
  /** Epoch ms after which the token is refused; null for non-expiring offline tokens. */
  expiresAtMs: number | null;
  userId?: string;
}

export interface TokenExchangeConfig {
  apiKey: string;
  apiSecret: string;
  shopDomain: string;
  scopes: string;
}

export type TokenResponse = { status: 200 | 400; body: Record<string, unknown> };

/** The tokens the sandbox issued: who may call the Admin API. */
export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, { expiresAtMs: number }>();

  constructor(private readonly config: TokenExchangeConfig) {}

  /** The token if it was issued and has not expired. */
  valid(accessToken: string | undefined, nowMs = Date.now()): IssuedToken | undefined {
    const token = accessToken ? this.tokens.get(accessToken) : undefined;
    if (!token || (token.expiresAtMs !== null && token.expiresAtMs <= nowMs)) return undefined;
    return token;
  }

  /** Issues an offline token directly, for tests and benchmarks that do not go through the app's install. */
  issueOffline(): string {
    return this.issue(false, null).accessToken;
  }

  /** Answers a POST to `/admin/oauth/access_token`. */
  async handle(body: Record<string, unknown>, nowMs = Date.now()): Promise<TokenResponse> {
    const { config } = this;
    if (body.client_id !== config.apiKey || body.client_secret !== config.apiSecret) {
      return refusal(
        "invalid_client",
        "Client authentication failed: unknown client_id or wrong client_secret.",
      );
    }
    if (body.grant_type === "refresh_token") return this.refresh(body, nowMs);
    if (body.grant_type !== TOKEN_EXCHANGE_GRANT) {
      return refusal(
        "unsupported_grant_type",
        `grant_type must be ${TOKEN_EXCHANGE_GRANT} or refresh_token.`,
      );
    }
    if (body.subject_token_type !== ID_TOKEN_TYPE) {
      return refusal("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`);
    }
    if (body.requested_token_type !== ONLINE_TOKEN && body.requested_token_type !== OFFLINE_TOKEN) {
      return refusal(
        "invalid_request",
        "requested_token_type must be an online or offline access token type.",
      );
    }
    const verified = verifySessionToken(String(body.subject_token ?? ""), config, nowMs);
    if (!verified.ok) return refusal("invalid_subject_token", verified.reason);

    if (body.requested_token_type === ONLINE_TOKEN) {
      const token = this.issue(true, nowMs + ONLINE_EXPIRES_IN_S * 1000, verified.payload.sub);
      const userId = Number(verified.payload.sub);
      return {
        status: 200,
        body: {
          access_token: token.accessToken,
          scope: token.scope,
          expires_in: ONLINE_EXPIRES_IN_S,
          associated_user_scope: token.scope,
          associated_user: {
            id: Number.isSafeInteger(userId) ? userId : verified.payload.sub,
            first_name: "Sandbox",
            last_name: "Owner",
            email: `owner@${config.shopDomain}`,
            email_verified: true,
            account_owner: true,
            locale: "en",
            collaborator: false,
          },
        },
      };
    }
    if (body.expiring === "1" || body.expiring === 1 || body.expiring === true) {
      return { status: 200, body: this.expiringOffline(nowMs) };
    }
    return { status: 200, body: { access_token: this.issue(false, null).accessToken, scope: config.scopes } };
  }

  private refresh(body: Record<string, unknown>, nowMs: number): TokenResponse {
    const refreshToken = String(body.refresh_token ?? "");
    const known = this.refreshTokens.get(refreshToken);
    if (!known || known.expiresAtMs <= nowMs) {
      return refusal("invalid_grant", "The refresh token is unknown, expired or already used.");
    }
    // Refresh tokens are single use: the answer carries the next one.
    this.refreshTokens.delete(refreshToken);
    return { status: 200, body: this.expiringOffline(nowMs) };
  }

  private expiringOffline(nowMs: number): Record<string, unknown> {
    const token = this.issue(false, nowMs + OFFLINE_EXPIRES_IN_S * 1000);
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    this.refreshTokens.set(refreshToken, { expiresAtMs: nowMs + REFRESH_EXPIRES_IN_S * 1000 });
    return {
      access_token: token.accessToken,
      scope: token.scope,
      expires_in: OFFLINE_EXPIRES_IN_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_EXPIRES_IN_S,
    };
  }

  private issue(online: boolean, expiresAtMs: number | null, userId?: string): IssuedToken {
    const accessToken = `${online ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`;
    const token: IssuedToken = { accessToken, online, scope: this.config.scopes, expiresAtMs, userId };
    this.tokens.set(accessToken, token);
    return token;
  }
}

function refusal(error: string, description: string): TokenResponse {
  return { status: 400, body: { error, error_description: description } };
}

export interface SessionTokenPayload {
  iss?: string;
  dest?: string;
  aud?: string;
  sub?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
}

/**
 * Verifies an App Bridge session token (a compact JWS) the way Shopify's libraries do (jose `jwtVerify`,
 * HS256 only, 10 s clock tolerance), then its audience and destination.
 */
export function verifySessionToken(
  token: string,
  config: Pick<TokenExchangeConfig, "apiKey" | "apiSecret" | "shopDomain">,
  nowMs: number,
): { ok: true; payload: SessionTokenPayload } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "The session token is not a JWT." };
  const [headerPart, payloadPart, signaturePart] = parts;
  let header: { alg?: string };
  let payload: SessionTokenPayload;
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "The session token is not a JWT." };
  }
  if (header.alg !== "HS256") return { ok: false, reason: "The session token must be signed with HS256." };
  const expected = createHmac("sha256", config.apiSecret).update(`${headerPart}.${payloadPart}`).digest();
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: "The session token's signature does not match the app's secret." };
  }
  const nowS = nowMs / 1000;
  if (typeof payload.exp !== "number" || nowS > payload.exp + CLOCK_TOLERANCE_S) {
    return { ok: false, reason: "The session token has expired." };
  }
  if (typeof payload.nbf === "number" && nowS < payload.nbf - CLOCK_TOLERANCE_S) {
    return { ok: false, reason: "The session token is not valid yet (nbf)." };
  }
  if (payload.aud !== config.apiKey)
    return { ok: false, reason: "The session token was issued for another app." };
  if (payload.dest !== `https://${config.shopDomain}`) {
    return { ok: false, reason: "The session token was issued for another shop." };
  }
  if (typeof payload.sub !== "string" || payload.sub.length === 0) {
    return { ok: false, reason: "The session token names no user (sub)." };
  }
  return { ok: true, payload };
}
