/**
 * One bulk result streamed into the database, batch by batch. Each batch is one transaction that also
 * records the last line it holds, so an import resumes after its last commit.
 *
 * Three batches are written at once while the next is parsed: most of an import's time is PostgreSQL's (indexes
 * and foreign-key checks, row by row), and one connection uses one core; the third keeps both cores busy while
 * a batch waits for the one before it to commit. Commits stay in line order: a batch
 * writes its rows, then waits for the batch before it to commit before it records its progress and commits,
 * so a recorded line never runs ahead of a lost batch. Rows whose parent is not in their own batch (a line item
 * after another order's lines) are written only after that wait: a foreign key cannot see rows another
 * transaction has not committed.
 */
import type { Db } from "../../db.server";
import { readJsonl } from "./jsonl.server";
import { parseBulkLine } from "./records";
import { prepareBatch, type PreparedBatch } from "./upserts";
import { BulkWriter, writePrepared, type Batch } from "./writer.server";

/**
 * Batches written at once. Measured with bench:backfill on 2 cores: 2 gave 53,000–55,000 order lines/s, 3 gave
 * 51,000–59,700 over seven runs (peak RSS 336–385 MB), 4 gave 63,000 but peaked at 415 MB.
 */
const BATCHES_IN_FLIGHT = 3;

/** Skipped lines beyond this many per run are counted but not stored one by one. */
const MAX_ISSUES_PER_RUN = 1000;

type Issue = { line: number; reason: string; excerpt: string };

export interface StreamOptions {
  db: Db;
  shopId: number;
  runId: number;
  resource: string;
  /** The tables the rows go to, analyzed once they are in, for the queries that read them next. */
  tables: string[];
  /** The tables that the rows' foreign keys look up: see `analyzeParents`. */
  parents: string[];
  url: string;
  /** Lines already committed by an earlier attempt. */
  linesDone: number;
  batchSize: number;
  fetch?: typeof fetch;
  onCommitted?: (linesDone: number) => void;
}

export async function importBulkResult(options: StreamOptions): Promise<void> {
  const { db, runId, batchSize } = options;
  const collector = new BulkWriter(options.shopId);
  let issues: Issue[] = [];
  let issuesStored = await db.syncIssue.count({ where: { runId } });
  let lastLine = options.linesDone;
  let batches = 0;
  let lastCommit: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];

  const flush = async () => {
    // Made into statements at once: while it waits for its turn, a batch is a few strings, not its records.
    const [own, late] = splitByParent(collector.take()).map((part) => prepareBatch(options.shopId, part));
    while (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
    const storable = issues.slice(0, Math.max(0, MAX_ISSUES_PER_RUN - issuesStored));
    issuesStored += storable.length;
    const committed = writeBatch(options, own, late, {
      skipped: issues.length,
      storable,
      through: lastLine,
      previous: lastCommit,
      analyze: isPowerOfTwo(++batches),
    });
    // Handled here so that a failure waits, unreported, for the await that throws it.
    committed.catch(() => undefined);
    issues = [];
    lastCommit = committed;
    inFlight.push(committed);
  };

  try {
    for await (const { line, text } of readJsonl(options.url, {
      skipLines: options.linesDone,
      fetch: options.fetch,
    })) {
      const parsed = parseBulkLine(text);
      if (parsed.ok) collector.add(parsed.value);
      else issues.push({ line, reason: parsed.reason, excerpt: text.slice(0, 200) });
      lastLine = line;
      if (collector.size + issues.length >= batchSize) await flush();
    }
    await flush();
    await Promise.all(inFlight);
    await db.$executeRawUnsafe(`ANALYZE ${options.tables.join(", ")}`);
  } finally {
    // A broken download is reported once the batches read before it have committed (or failed), so that the
    // run's recorded progress is final when the import resumes.
    await Promise.allSettled(inFlight);
  }
}

interface BatchProgress {
  /** Lines of this batch that were skipped, stored or not. */
  skipped: number;
  storable: Issue[];
  /** The last line this batch holds. */
  through: number;
  /** The commit of the batch before. */
  previous: Promise<void>;
  analyze: boolean;
}

async function writeBatch(
  options: StreamOptions,
  own: PreparedBatch,
  late: PreparedBatch,
  progress: BatchProgress,
): Promise<void> {
  const { db, shopId, runId, resource } = options;
  await db.$transaction(
    async (tx) => {
      // The commit need not wait for the disk: a batch lost in a server crash loses the progress recorded with
      // it too, and the import resumes before it.
      await tx.$executeRawUnsafe("SET LOCAL synchronous_commit = off");
      const first = await writePrepared(tx, own);
      await progress.previous;
      const second = await writePrepared(tx, late);
      const orphans = [...first.orphans, ...second.orphans];
      const orphanIssues = orphans.map((o) => ({
        line: progress.through,
        reason: `${o.count} ${o.kind}(s) in this batch belong to a record that is not in the store`,
        excerpt: "",
      }));
      const issues = [...progress.storable, ...orphanIssues];
      if (issues.length > 0) {
        await tx.syncIssue.createMany({
          data: issues.map((issue) => ({ shopId, runId, resource, ...issue })),
        });
      }
      await tx.syncRun.update({
        where: { id: runId },
        data: {
          linesDone: progress.through,
          imported: { increment: first.written + second.written },
          skipped: { increment: progress.skipped + orphans.reduce((sum, o) => sum + o.count, 0) },
        },
      });
    },
    // A batch of thousands of rows on a busy machine outlasts Prisma's 5-second default.
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (progress.analyze) await analyzeParents(db, options.parents);
  options.onCommitted?.(progress.through);
}

/**
 * Splits a batch into the rows whose parent is in the batch too (or that have none), and the children of
 * parents written by another batch.
 */
function splitByParent(batch: Batch): [Batch, Batch] {
  const products = new Set(batch.products.map((p) => p.id));
  const orders = new Set(batch.orders.map((o) => o.id));
  const empty: Batch = {
    locations: [],
    products: [],
    variants: [],
    levels: [],
    customers: [],
    orders: [],
    lineItems: [],
  };
  return [
    {
      ...batch,
      variants: batch.variants.filter((v) => products.has(v.productId)),
      lineItems: batch.lineItems.filter((l) => orders.has(l.orderId)),
    },
    {
      ...empty,
      variants: batch.variants.filter((v) => !products.has(v.productId)),
      lineItems: batch.lineItems.filter((l) => !orders.has(l.orderId)),
    },
  ];
}

/**
 * Fresh statistics on the parents' keys each time an import has doubled. On a new shop the tables start
 * empty, and PostgreSQL plans (and caches, per connection) each foreign-key check as a sequential scan of the
 * parent table; without new statistics every row of a large import would scan all the parents written so far.
 * ANALYZE invalidates those cached plans. A plan only goes stale when a table's size changes by a large
 * factor, hence doubling; the key columns are all those checks read, and the cheapest to analyze.
 */
async function analyzeParents(db: Db, parents: string[]): Promise<void> {
  if (parents.length > 0) {
    await db.$executeRawUnsafe(`ANALYZE ${parents.map((table) => `${table} (shop_id, id)`).join(", ")}`);
  }
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}
