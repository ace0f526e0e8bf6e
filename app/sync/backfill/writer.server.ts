/**
 * Batched upserts of bulk-result records: records are gathered by table (`add`), taken as a batch (`take`), and
 * written with one statement per table (`write`; upserts.ts makes the statements).
 */
import type { Db } from "../../db.server";
import { prepareBatch, type PreparedBatch } from "./upserts";
import type {
  BulkRecord,
  CustomerRecord,
  InventoryLevelRecord,
  LineItemRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  VariantRecord,
} from "./records";

type Tx = Pick<Db, "$executeRawUnsafe">;

export interface FlushResult {
  written: number;
  /** Records whose parent row does not exist (a line item whose order is not in the store, ...). */
  orphans: { kind: string; count: number }[];
}

export interface Batch {
  locations: LocationRecord[];
  products: ProductRecord[];
  variants: VariantRecord[];
  levels: InventoryLevelRecord[];
  customers: CustomerRecord[];
  orders: OrderRecord[];
  lineItems: LineItemRecord[];
}

export class BulkWriter {
  private locations: LocationRecord[] = [];
  private products: ProductRecord[] = [];
  private variants: VariantRecord[] = [];
  private levels: InventoryLevelRecord[] = [];
  private customers: CustomerRecord[] = [];
  private orders: OrderRecord[] = [];
  private lineItems: LineItemRecord[] = [];

  constructor(private readonly shopId: number) {}

  add(item: BulkRecord): void {
    switch (item.kind) {
      case "location":
        this.locations.push(item.record);
        break;
      case "product":
        this.products.push(item.record);
        break;
      case "variant":
        this.variants.push(item.record);
        break;
      case "inventoryItem":
        break;
      case "inventoryLevel":
        this.levels.push(item.record);
        break;
      case "customer":
        this.customers.push(item.record);
        break;
      case "order":
        this.orders.push(item.record);
        break;
      case "lineItem":
        this.lineItems.push(item.record);
        break;
    }
  }

  get size(): number {
    return (
      this.locations.length +
      this.products.length +
      this.variants.length +
      this.levels.length +
      this.customers.length +
      this.orders.length +
      this.lineItems.length
    );
  }

  /** Takes everything buffered so far as one batch; records added afterwards go to the next one. */
  take(): Batch {
    return {
      locations: this.locations.splice(0),
      products: this.products.splice(0),
      variants: this.variants.splice(0),
      levels: this.levels.splice(0),
      customers: this.customers.splice(0),
      orders: this.orders.splice(0),
      lineItems: this.lineItems.splice(0),
    };
  }

  /** Writes a batch, parents before children, inside the caller's transaction. */
  async write(tx: Tx, batch: Batch): Promise<FlushResult> {
    return writePrepared(tx, prepareBatch(this.shopId, batch));
  }
}

/** Runs a batch's statements, in order, inside the caller's transaction. */
export async function writePrepared(tx: Tx, prepared: PreparedBatch): Promise<FlushResult> {
  let written = 0;
  let lineItems = 0;
  let linesWritten = 0;
  for (const { sql, params, lineItems: expected } of prepared.statements) {
    const count = await tx.$executeRawUnsafe(sql, ...params);
    written += count;
    lineItems += expected;
    if (expected > 0) linesWritten += count;
  }
  const orphans = linesWritten < lineItems ? [{ kind: "line item", count: lineItems - linesWritten }] : [];
  return { written, orphans };
}
