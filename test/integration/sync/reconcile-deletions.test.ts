// Product deletions whose products/delete Shopify never delivered: the sandbox deletes the product (its webhook
// dropped), Keel still shows it live, and reconciliation finds the deletion among Shopify's deletion events and
// marks the product and its variants deleted, once. A deletion Keel already has, or of a product it never
// had, is checked and not repaired; the latter is remembered, so a products/create arriving late stays out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeQueue } from "~/jobs.server";
import { reconcileShop, type ReconcileResult } from "~/sync/reconcile/index.server";
import type { Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import { installAndImport, sandboxAdmin, startSandboxWithEndpoint } from "../../support/sandbox-endpoint";
import { runQueuedJobs } from "../../support/webhooks";

const SECRET = "reconcile-deletions-secret";
const asOf = new Date("2026-11-30T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const numeric = (gid: string) => BigInt(gid.slice(gid.lastIndexOf("/") + 1));
const drop = { drop: true };

let sandbox: Sandbox;
let close: () => Promise<void>;
let shopId: number;

async function reconcileFrom(mark: Date, now: Date): Promise<ReconcileResult> {
  await db.shop.update({ where: { id: shopId }, data: { lastReconciledAt: mark } });
  return reconcileShop(db, sandboxAdmin(sandbox), shopId, now);
}

const products = (result: ReconcileResult) => {
  const { status, checked, repaired, skipped } = result.resources.find((r) => r.resource === "products")!;
  return { status, checked, repaired, skipped };
};

/** Delivers whatever is queued to Keel's endpoint and runs the jobs it stored. */
async function settle(): Promise<void> {
  await sandbox.webhooks!.idle();
  await runQueuedJobs();
}

beforeAll(async () => {
  ({ sandbox, close } = await startSandboxWithEndpoint({
    secret: SECRET,
    store: generateSyntheticStore({ orders: 40, seed: 5, asOf, days: 30 }),
  }));
  shopId = await installAndImport(sandbox);
});

afterAll(async () => {
  await close();
  await closeQueue();
  await db.$disconnect();
});

describe("reconciling product deletions", () => {
  it("marks a product whose products/delete was dropped deleted, with its variants, and repairs nothing the second time", async () => {
    const mark = at(asOf, DAY);
    const deletedAt = at(mark, HOUR);
    const product = sandbox.store.products[0];
    const productKey = { shopId_id: { shopId, id: numeric(product.id) } };
    const variantIds = product.variants.map((v) => numeric(v.id));
    const liveVariants = () =>
      db.variant.count({ where: { shopId, id: { in: variantIds }, deletedAt: null } });

    sandbox.deleteProduct(product.id, { at: deletedAt, emit: drop });
    expect(sandbox.lastDeliveries().map((d) => [d.topic, d.state])).toEqual([["products/delete", "dropped"]]);
    await settle();
    expect((await db.product.findUniqueOrThrow({ where: productKey })).deletedAt).toBeNull();
    expect(await liveVariants()).toBe(variantIds.length);

    const first = await reconcileFrom(mark, at(mark, 2 * HOUR));
    expect(first.failed).toEqual([]);
    expect(products(first)).toEqual({ status: "completed", checked: 1, repaired: 1, skipped: 0 });
    expect((await db.product.findUniqueOrThrow({ where: productKey })).deletedAt).toEqual(deletedAt);
    const variants = await db.variant.findMany({ where: { shopId, id: { in: variantIds } } });
    expect(variants.map((v) => v.deletedAt)).toEqual(variantIds.map(() => deletedAt));
    expect(
      await db.deletedRecord.count({ where: { shopId, resource: "products", id: numeric(product.id) } }),
    ).toBe(1);

    // The same window again: the deletion is looked at, Keel already has it.
    const second = await reconcileFrom(mark, at(mark, 2 * HOUR));
    expect(products(second)).toEqual({ status: "completed", checked: 1, repaired: 0, skipped: 0 });
    expect((await db.product.findUniqueOrThrow({ where: productKey })).deletedAt).toEqual(deletedAt);

    // Every page validated and stayed within Shopify's cost; the filter was one the connection accepts.
    const calls = sandbox.calls.filter((c) => c.operationName === "ReconcileProductDeletions");
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.status === 200 && c.errorCodes.length === 0)).toBe(true);
    expect(calls.map((c) => c.requestedQueryCost)).toEqual([252, 252]);
  });

  it("checks without repairing a deletion Keel has or a product it never had, and remembers the latter", async () => {
    const mark = at(asOf, 2 * DAY);
    // Delivered: Keel marks this one deleted from its webhook.
    const known = sandbox.store.products[1];
    sandbox.deleteProduct(known.id, { at: at(mark, HOUR) });
    // Never seen: created and deleted with both webhooks dropped.
    const unseen = sandbox.createProduct(
      { title: "Gone before anyone looked", price: "9.00" },
      {
        at: at(mark, HOUR),
        emit: drop,
      },
    );
    const lostCreate = sandbox.lastDeliveries().find((d) => d.topic === "products/create")!;
    sandbox.deleteProduct(unseen.id, { at: at(mark, 2 * HOUR), emit: drop });
    await settle();
    const knownRow = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(known.id) } },
    });
    expect(knownRow.deletedAt).not.toBeNull();
    expect(await db.product.count({ where: { shopId, id: numeric(unseen.id) } })).toBe(0);

    const result = await reconcileFrom(mark, at(mark, 3 * HOUR));
    expect(products(result)).toEqual({ status: "completed", checked: 2, repaired: 0, skipped: 0 });
    // The webhook's time stands.
    expect(
      (await db.product.findUniqueOrThrow({ where: { shopId_id: { shopId, id: numeric(known.id) } } }))
        .deletedAt,
    ).toEqual(knownRow.deletedAt);
    expect(
      await db.deletedRecord.findUnique({
        where: { shopId_resource_id: { shopId, resource: "products", id: numeric(unseen.id) } },
      }),
    ).toMatchObject({ deletedAt: at(mark, 2 * HOUR) });

    // The lost products/create, delivered at last: the deleted product does not come back.
    sandbox.webhooks!.emit("products/create", lostCreate.body);
    await settle();
    expect(sandbox.webhooks!.deliveries.at(-1)?.state).toBe("delivered");
    expect(await db.product.count({ where: { shopId, id: numeric(unseen.id) } })).toBe(0);
  });
});
