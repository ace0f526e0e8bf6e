/**
 * Stores webhook events and queues their jobs, many at once: deliveries that arrive while a statement runs go
 * together in the next one (a group commit). Each statement finds the shops by domain, inserts the events
 * unless their webhook id is stored (ON CONFLICT DO NOTHING), and adds a job for each row it inserted with
 * graphile-worker's own `add_jobs`: one transaction, so an event is never stored without its job. A delivery is
 * answered only after the statement holding it has committed.
 *
 * Why batches: a statement's fixed cost (a commit, the queue's NOTIFY, which serialises commits) is most of the
 * cost of one event, and Shopify delivers a busy shop's webhooks many at a time. Why a pool of its own rather
 * than the Prisma client: a named (prepared) statement, planned once per connection; planning this statement
 * costs as much as running it for a few events.
 */
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { databaseUrl } from "../../db/database.server";

/** The job of a stored event, as enqueueWebhook in app/jobs.server.ts makes it (the inbox's test compares them). */
export const WEBHOOK_JOB = { task: "process-webhook", maxAttempts: 8 } as const;

export interface InboxEvent {
  shop: string;
  webhookId: string;
  topic: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: Date | null;
  /** The raw body, checked to be JSON; PostgreSQL makes it jsonb, where 64-bit ids stay exact. */
  text: string;
}

/** `shopId` null: no shop has that domain. `stored` false: the webhook id was already stored (a redelivery). */
export interface InboxResult {
  shopId: number | null;
  stored: boolean;
}

/** Statements running at once: the second takes what arrived while the first ran. */
const LANES = 2;
/** Events per statement at most. */
const MAX_BATCH = 200;
/** PostgreSQL's codes for a missing schema or function: the queue's schema is not there yet. */
const QUEUE_SCHEMA_MISSING = new Set(["3F000", "42883", "42P01", "42704"]);

/** The SQLSTATE of a failed query. */
const postgresCode = (error: unknown): string | undefined => (error as { code?: string }).code;

/** A body PostgreSQL will not store as jsonb (a NUL character, a lone surrogate): its delivery is refused. */
export class UnstorableBodyError extends Error {
  override name = "UnstorableBodyError";
}

interface Waiting {
  event: InboxEvent;
  resolve: (result: InboxResult) => void;
  reject: (error: unknown) => void;
}

export class InboxWriter {
  private waiting: Waiting[] = [];
  private running = 0;
  private queuePrepared?: Promise<void>;
  private pool?: Promise<pg.Pool>;

  /** `url`: the database (default: Keel's, app/db/database.server.ts). */
  constructor(private readonly url: () => Promise<string> = databaseUrl) {}

  /** Closes the writer's connections (scripts and tests; a server keeps them). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).end();
  }

  private connection(): Promise<pg.Pool> {
    // Idle connections do not keep a script alive; a server has its own reasons to stay up.
    this.pool ??= this.url().then((connectionString) => {
      const pool = new pg.Pool({ connectionString, max: LANES + 1, allowExitOnIdle: true });
      // An idle connection the server closed (a restart, a failover) is dropped by the pool and replaced on
      // the next query; without a listener its error would end the process.
      pool.on("error", () => {});
      return pool;
    });
    return this.pool;
  }

  write(event: InboxEvent): Promise<InboxResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < LANES && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    // Two copies of one webhook in a batch: the first is stored, the others are its redeliveries.
    const first = new Map<string, Waiting>();
    const copies: [Waiting, Waiting][] = [];
    for (const waiting of batch) {
      const key = `${waiting.event.shop}\n${waiting.event.webhookId}`;
      const original = first.get(key);
      if (original) copies.push([waiting, original]);
      else first.set(key, waiting);
    }
    const unique = [...first.values()];
    const results = new Map<Waiting, InboxResult>();
    try {
      const stored = await storeAndQueue(
        await this.connection(),
        unique.map((w) => w.event),
      );
      unique.forEach((w, i) => results.set(w, stored[i]));
    } catch {
      // One event can spoil a statement (a body PostgreSQL's jsonb refuses, such as "\u0000"; a missing queue
      // schema): each is then written alone, so only its own delivery fails.
      for (const w of unique) {
        try {
          results.set(w, await this.writeOne(w.event));
        } catch (error) {
          w.reject(error);
        }
      }
    }
    for (const [w, result] of results) w.resolve(result);
    for (const [copy, original] of copies) {
      const result = results.get(original);
      if (result) copy.resolve({ shopId: result.shopId, stored: false });
      else copy.reject(new Error(`webhook ${copy.event.webhookId} could not be stored`));
    }
  }

  private async writeOne(event: InboxEvent): Promise<InboxResult> {
    try {
      return (await storeAndQueue(await this.connection(), [event]))[0];
    } catch (error) {
      // Class 22, data exception: this event's own text (jsonb refuses "\u0000", for one).
      if (postgresCode(error)?.startsWith("22")) throw new UnstorableBodyError((error as Error).message);
      if (!QUEUE_SCHEMA_MISSING.has(postgresCode(error) ?? "")) throw error;
      // A database no Keel process has prepared (every process start does): the queue's schema first.
      this.queuePrepared ??= this.url().then((connectionString) =>
        runMigrations({ connectionString, logger: new Logger(() => () => {}) }),
      );
      await this.queuePrepared;
      return (await storeAndQueue(await this.connection(), [event]))[0];
    }
  }
}

let writer: InboxWriter | undefined;

/** This process's writer (one pool, one queue of waiting deliveries). */
export function inboxWriter(): InboxWriter {
  writer ??= new InboxWriter();
  return writer;
}

/** One statement for many events; the results in the events' order. Their webhook ids are distinct per shop. */
async function storeAndQueue(pool: pg.Pool, events: InboxEvent[]): Promise<InboxResult[]> {
  const { rows } = await pool.query<{ n: number; shop_id: number | null; stored: boolean }>({
    name: "keel_inbox_write",
    text: `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
         WITH ORDINALITY AS i(shop, webhook_id, topic, api_version, event_id, triggered_at, body, n)
     ),
     known AS (SELECT input.*, shops.id AS shop_id FROM input JOIN shops ON shops.domain = input.shop),
     event AS (
       INSERT INTO webhook_events (shop_id, webhook_id, topic, api_version, event_id, triggered_at, body)
       SELECT shop_id, webhook_id, topic, api_version, event_id, triggered_at, body::jsonb FROM known
       ORDER BY shop_id, webhook_id -- one order for every statement: two never wait for each other's rows
       ON CONFLICT (shop_id, webhook_id) DO NOTHING
       RETURNING shop_id, webhook_id
     ),
     job AS (
       SELECT graphile_worker.add_jobs(specs) FROM (
         SELECT array_agg(ROW($8::text, json_build_object('shopId', shop_id, 'webhookId', webhook_id), NULL, NULL,
           $9::int, 'webhook:' || shop_id || ':' || webhook_id, NULL, NULL)::graphile_worker.job_spec
           ORDER BY shop_id, webhook_id) AS specs
         FROM event
       ) jobs WHERE specs IS NOT NULL
     )
     SELECT input.n::int AS n, known.shop_id, event.webhook_id IS NOT NULL AS stored, (SELECT count(*) FROM job) AS jobs
     FROM input
     LEFT JOIN known ON known.n = input.n
     LEFT JOIN event ON event.shop_id = known.shop_id AND event.webhook_id = known.webhook_id
     ORDER BY input.n`,
    values: [
      events.map((e) => e.shop),
      events.map((e) => e.webhookId),
      events.map((e) => e.topic),
      events.map((e) => e.apiVersion),
      events.map((e) => e.eventId),
      events.map((e) => e.triggeredAt),
      events.map((e) => e.text),
      WEBHOOK_JOB.task,
      WEBHOOK_JOB.maxAttempts,
    ],
  });
  return rows.map((row) => ({ shopId: row.shop_id, stored: row.stored }));
}
