/**
 * Keel's Admin GraphQL API client on graphql-request: the shop's offline token, the one API version, an
 * origin that the sandbox store can replace, Shopify's cost-based throttling respected, and responses
 * parsed with zod.
 *
 * Shopify meters GraphQL by a leaky bucket of cost points per app and store (maximumAvailable, refilled
 * at restoreRate per second). Every response reports the bucket; a THROTTLED error means the query's cost
 * exceeded what was left. We wait exactly as long as the bucket needs to refill, a bounded number of times.
 */
import { GraphQLClient } from "graphql-request";
import type { z } from "zod";
import { API_VERSION } from "./api-version";
import {
  AdminAuthError,
  AdminGraphqlError,
  AdminResponseShapeError,
  AdminUnavailableError,
} from "./admin-errors";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Cost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  /** `https://{shop}` by default; the sandbox store passes its own origin. */
  origin?: string;
  maxAttempts?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A GraphQL document with the operation name used in messages and logs. */
export interface AdminOperation {
  name: string;
  document: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export class AdminClient {
  private readonly client: GraphQLClient;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The bucket as the last response reported it, to wait before sending rather than be refused. */
  private bucket?: { status: ThrottleStatus; at: number };

  readonly endpoint: string;

  constructor(options: AdminClientOptions) {
    const origin = (options.origin ?? `https://${options.shop}`).replace(/\/$/, "");
    this.endpoint = `${origin}/admin/api/${API_VERSION}/graphql.json`;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.sleep = options.sleep ?? defaultSleep;
    this.client = new GraphQLClient(this.endpoint, {
      headers: { "X-Shopify-Access-Token": options.accessToken },
      fetch: options.fetch,
      errorPolicy: "all",
    });
  }

  /**
   * Sends `operation` and returns its `data`, parsed by `schema`.
   * @example
   * const { shop } = await admin.request(shopQuery, {}, ShopResponse);
   */
  async request<T>(
    operation: AdminOperation,
    variables: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.waitForBucket();
      let response;
      try {
        response = await this.client.rawRequest<unknown>(operation.document, variables);
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status;
        if (status === 401 || status === 403) {
          throw new AdminAuthError(`${operation.name}: the store refused the access token (HTTP ${status})`);
        }
        const retryable = status === undefined || RETRYABLE_STATUS.has(status);
        if (!retryable || attempt >= this.maxAttempts) {
          throw new AdminUnavailableError(
            `${operation.name} failed after ${attempt} attempt(s): ${status ? `HTTP ${status}` : (error as Error).message}`,
          );
        }
        await this.sleep(backoffMs(attempt));
        continue;
      }

      const cost = (response.extensions as { cost?: Cost } | undefined)?.cost;
      if (cost?.throttleStatus) this.bucket = { status: cost.throttleStatus, at: Date.now() };
      const errors = (response.errors ?? []) as { message: string; extensions?: { code?: string } }[];
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        if (attempt >= this.maxAttempts) {
          throw new AdminUnavailableError(`${operation.name} was still throttled after ${attempt} attempts`);
        }
        await this.sleep(refillMs(cost) ?? backoffMs(attempt));
        continue;
      }
      if (errors.length > 0) throw new AdminGraphqlError(operation.name, errors);

      const parsed = schema.safeParse(response.data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AdminResponseShapeError(
          `${operation.name} answered an unexpected shape at ${issue.path.join(".") || "data"}: ${issue.message}`,
        );
      }
      return parsed.data;
    }
  }

  /** Before sending, wait until the bucket as last reported has refilled to a tenth of its size. */
  private async waitForBucket(): Promise<void> {
    if (!this.bucket) return;
    const { status, at } = this.bucket;
    const available = Math.min(
      status.maximumAvailable,
      status.currentlyAvailable + ((Date.now() - at) / 1000) * status.restoreRate,
    );
    const wanted = status.maximumAvailable / 10;
    if (available >= wanted || status.restoreRate <= 0) return;
    await this.sleep(Math.ceil(((wanted - available) / status.restoreRate) * 1000));
  }
}

/** How long until the bucket holds the refused query's cost, from the status in the refusal. */
export function refillMs(cost: Cost | undefined): number | undefined {
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost || status.restoreRate <= 0) return undefined;
  const missing = Math.max(0, cost.requestedQueryCost - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000);
}

/** Exponential backoff with full jitter, capped at 30 s. */
function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(30_000, 500 * 2 ** (attempt - 1)));
}
