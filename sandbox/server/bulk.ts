/**
 * Bulk query operations as Shopify runs them (shopify.dev, "Perform bulk operations with the GraphQL Admin
 * API"): `bulkOperationRunQuery` checks the query and answers at once with a CREATED operation; the query then
 * runs in the background in chunks (polling sees RUNNING and a growing objectCount) and writes a JSONL file,
 * one line per connection node, nested connection nodes on their own lines with `__parentId`. As Shopify's
 * docs warn, a child line does not always follow its parent directly: the children of every fourth parent
 * are written after the next parent. One bulk query runs at a time; `bulkOperationCancel` stops it at the
 * next chunk. The file is written to disk and served by http.ts, so a million lines never sit in memory.
 */
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getArgumentValues, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { ChunkBytes } from "./bulk-chunk";
import { BulkProjector, type ChildList } from "./bulk-projector";
import { planBulkQuery, type BulkPlan, type BulkUserError } from "./bulk-query";
import { orderedItems, type ConnectionArgs } from "./connections";
import { queryRootValue, type BulkApi, type ResolverContext } from "./resolvers";
import type { StoreIndex } from "./store-index";

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

interface BulkRecord {
  number: number;
  id: string;
  query: string;
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  objectCount: number;
  rootObjectCount: number;
  bytesWritten: number;
  fileName: string;
  createdAt: Date;
  completedAt: Date | null;
  cancelRequested: boolean;
}

/** The operation as the Admin API's `BulkOperation` object presents it (counts are UnsignedInt64 strings). */
export interface BulkOperationView {
  __typename: "BulkOperation";
  id: string;
  type: "QUERY";
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
  query: string;
}

export interface BulkOptions {
  schema: GraphQLSchema;
  index: StoreIndex;
  /** The server's origin, known once it listens; result URLs are built from it. */
  origin: () => string;
  /** Root objects per chunk (default 500). */
  chunkSize?: number;
  /** Pause between chunks, so tests can watch an operation run (default 0: just yield to the event loop). */
  chunkDelayMs?: number;
}

/** How the next bulk operation should fail, for tests of the app's error handling. */
export interface InjectedBulkFailure {
  errorCode: BulkErrorCode;
  /** Fail once at least this many objects were written (0: before the first chunk). */
  afterObjects: number;
}

const ACTIVE: BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];
const DEFERRED_PARENT_EVERY = 4;

export class BulkOperations implements BulkApi {
  private readonly records = new Map<string, BulkRecord>();
  private readonly files = new Map<string, string>();
  private readonly directory = mkdtempSync(join(tmpdir(), "keel-sandbox-bulk-"));
  private latest: BulkRecord | null = null;
  private running: Promise<void> = Promise.resolve();
  private nextFailure: InjectedBulkFailure | null = null;
  private count = 0;

  constructor(private readonly options: BulkOptions) {}

  runQuery(query: string): { bulkOperation: BulkOperationView | null; userErrors: BulkUserError[] } {
    if (this.latest && ACTIVE.includes(this.latest.status)) {
      const message = `A bulk query operation for this app and shop is already in progress: ${this.latest.id}.`;
      return { bulkOperation: null, userErrors: [{ field: null, message, code: "OPERATION_IN_PROGRESS" }] };
    }
    const planned = planBulkQuery(this.options.schema, query);
    if (!planned.ok) return { bulkOperation: null, userErrors: planned.userErrors };
    this.count += 1;
    const record: BulkRecord = {
      number: this.count,
      id: `gid://shopify/BulkOperation/${this.count}`,
      query,
      status: "CREATED",
      errorCode: null,
      objectCount: 0,
      rootObjectCount: 0,
      bytesWritten: 0,
      fileName: `${this.count}-${randomBytes(12).toString("hex")}.jsonl`,
      createdAt: new Date(),
      completedAt: null,
      cancelRequested: false,
    };
    this.records.set(record.id, record);
    this.files.set(record.fileName, join(this.directory, record.fileName));
    this.latest = record;
    const failure = this.nextFailure;
    this.nextFailure = null;
    this.running = this.run(record, planned.plan, failure);
    return { bulkOperation: this.view(record), userErrors: [] };
  }

  cancel(id: string): {
    bulkOperation: BulkOperationView | null;
    userErrors: { field: string[] | null; message: string }[];
  } {
    const record = this.records.get(id);
    if (!record)
      return {
        bulkOperation: null,
        userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
      };
    if (record.status !== "CREATED" && record.status !== "RUNNING") {
      const message = `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}`;
      return { bulkOperation: this.view(record), userErrors: [{ field: null, message }] };
    }
    record.cancelRequested = true;
    record.status = "CANCELING";
    return { bulkOperation: this.view(record), userErrors: [] };
  }

  /** `currentBulkOperation(type:)`: the app's most recent bulk query, whatever its status. */
  current(type: string): BulkOperationView | null {
    return type === "QUERY" && this.latest ? this.view(this.latest) : null;
  }

  byId(id: string): BulkOperationView | null {
    const record = this.records.get(id);
    return record ? this.view(record) : null;
  }

  /** The file behind a result URL's last path segment, or undefined. */
  filePath(fileName: string): string | undefined {
    return this.files.get(fileName);
  }

  failNext(failure: InjectedBulkFailure): void {
    this.nextFailure = failure;
  }

  /** Resolves when the running operation (if any) has stopped. */
  idle(): Promise<void> {
    return this.running;
  }

  /** Cancels what runs, waits for it, and deletes the result files. */
  async close(): Promise<void> {
    if (this.latest && ACTIVE.includes(this.latest.status)) this.latest.cancelRequested = true;
    await this.running;
    rmSync(this.directory, { recursive: true, force: true });
  }

  private view(record: BulkRecord): BulkOperationView {
    const url = `${this.options.origin()}/bulk-operations/${record.fileName}`;
    const hasData = record.objectCount > 0;
    return {
      __typename: "BulkOperation",
      id: record.id,
      type: "QUERY",
      status: record.status,
      errorCode: record.errorCode,
      objectCount: String(record.objectCount),
      rootObjectCount: String(record.rootObjectCount),
      fileSize: record.status === "COMPLETED" && hasData ? String(record.bytesWritten) : null,
      // Shopify answers a null url when a completed query found nothing.
      url: record.status === "COMPLETED" && hasData ? url : null,
      partialDataUrl: (record.status === "FAILED" || record.status === "CANCELED") && hasData ? url : null,
      createdAt: shopifyTime(record.createdAt),
      completedAt: record.completedAt && shopifyTime(record.completedAt),
      query: record.query,
    };
  }

  private async run(record: BulkRecord, plan: BulkPlan, failure: InjectedBulkFailure | null): Promise<void> {
    const out = createWriteStream(this.files.get(record.fileName) as string);
    let outcome: { status: BulkStatus; errorCode: BulkErrorCode | null };
    try {
      outcome = await this.write(record, plan, failure, out);
    } catch {
      outcome = { status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR" };
    }
    // The file is complete on disk before anyone is told the operation finished and downloads it.
    await new Promise<void>((resolve) => out.end(resolve));
    record.status = outcome.status;
    record.errorCode = outcome.errorCode;
    record.completedAt = new Date();
  }

  /** Writes the result's lines chunk by chunk; the status the operation ends with. */
  private async write(
    record: BulkRecord,
    plan: BulkPlan,
    failure: InjectedBulkFailure | null,
    out: WriteStream,
  ): Promise<{ status: BulkStatus; errorCode: BulkErrorCode | null }> {
    const chunkSize = Math.max(1, this.options.chunkSize ?? 500);
    const finish = (status: BulkStatus, errorCode: BulkErrorCode | null = null) => ({ status, errorCode });
    await pause(this.options.chunkDelayMs ?? 0);
    record.status = record.cancelRequested ? "CANCELING" : "RUNNING";
    const context: ResolverContext = {
      index: this.options.index,
      bulk: this,
      actualCost: 0,
      isMutation: false,
      searchWarnings: [],
    };
    const projector = new BulkProjector(this.options.schema, plan.fragments, context);
    const roots = this.rootNodes(plan, context);
    // Children of every fourth parent wait until after the next parent's line, across chunk boundaries.
    let deferred: string[] = [];
    const chunk = new ChunkBytes();
    for (let start = 0; start < roots.length || start === 0; start += chunkSize) {
      if (record.cancelRequested) return finish("CANCELED");
      if (failure && record.objectCount >= failure.afterObjects) return finish("FAILED", failure.errorCode);
      const end = Math.min(roots.length, start + chunkSize);
      let objects = 0;
      for (let i = start; i < end; i++) {
        const root = roots[i];
        const children: ChildList[] = [];
        chunk.appendLine(projector.serialize(root, plan.rootNodeType, plan.nodeSelection, children));
        for (const line of deferred) chunk.appendLine(line);
        objects += 1 + deferred.length;
        const own: string[] = [];
        for (const list of children) {
          for (const item of list.items) {
            own.push(projector.serialize(item, list.nodeType, list.nodeSelection, null, String(root.id)));
          }
        }
        const defer = i % DEFERRED_PARENT_EVERY === 1 && i + 1 < roots.length;
        deferred = defer ? own : [];
        if (!defer) {
          for (const line of own) chunk.appendLine(line);
          objects += own.length;
        }
      }
      const bytes = chunk.take();
      await writeBytes(out, bytes);
      record.bytesWritten += bytes.length;
      record.objectCount += objects;
      record.rootObjectCount += end - start;
      if (end < roots.length) await pause(this.options.chunkDelayMs ?? 0);
    }
    if (record.cancelRequested) return finish("CANCELED");
    if (failure) return finish("FAILED", failure.errorCode);
    return finish("COMPLETED");
  }

  /** The top-level connection's nodes, filtered and ordered by its arguments (`first`/`after` do not apply). */
  private rootNodes(plan: BulkPlan, context: ResolverContext): Record<string, unknown>[] {
    const queryType = this.options.schema.getQueryType() as GraphQLObjectType;
    const name = plan.rootField.name.value;
    const args = getArgumentValues(queryType.getFields()[name], plan.rootField, {});
    const items = queryRootValue(name, args, context) as Record<string, unknown>[];
    return orderedItems(items, args as ConnectionArgs).list;
  }
}

/** Resolves once the bytes are written to the file, so that their buffer can take the next chunk. */
function writeBytes(out: WriteStream, bytes: Buffer): Promise<void> {
  if (bytes.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => out.write(bytes, (error) => (error ? reject(error) : resolve())));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/** Shopify's DateTime format: ISO 8601 in UTC without milliseconds. */
function shopifyTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
