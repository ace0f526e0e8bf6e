// Webhooks Shopify never delivers: the sandbox changes its store but drops the deliveries. Keel does not have
// those changes after its queue has run; reconciliation against the Admin API brings them, and Keel then equals
// the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeQueue } from "~/jobs.server";
import { reconcileShop } from "~/sync/reconcile/index.server";
import type { Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import { installAndImport, sandboxAdmin, startSandboxWithEndpoint } from "../../support/sandbox-endpoint";
import { compareWithStore, describeComparison } from "../../support/store-comparison";
import { runQueuedJobs } from "../../support/webhooks";

const SECRET = "dropped-webhooks-secret";
let sandbox: Sandbox;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sandbox, close } = await startSandboxWithEndpoint({
    secret: SECRET,
    store: generateSyntheticStore({ orders: 40, seed: 8, asOf: new Date(Date.UTC(2026, 10, 30)), days: 30 }),
  }));
});

afterAll(async () => {
  await close();
  await closeQueue();
  await db.$disconnect();
});

const id = (gid: string) => BigInt(gid.split("/").pop()!);
const differing = (lines: string[]) => lines.filter((line) => /DIFFERENT|differ$/.test(line));

describe("dropped webhooks", () => {
  it("leave Keel without the changes until reconciliation repairs them", async () => {
    const shopId = await installAndImport(sandbox);
    const admin = sandboxAdmin(sandbox);
    const url = process.env.DATABASE_URL!;
    expect((await compareWithStore(url, shopId, sandbox.store)).equal).toBe(true);

    // Delivered: one order. Dropped: two orders (with the stock they took), a refund, a product and a customer
    // edit.
    const drop = { emit: { drop: true } };
    const delivered = sandbox.placeOrder(new Date());
    const lost = [sandbox.placeOrder(new Date(), drop), sandbox.placeOrder(new Date(), drop)];
    const refunded = sandbox.store.orders[3];
    sandbox.refundOrder(refunded.id, { restock: true, ...drop });
    const product = sandbox.store.products[0];
    sandbox.editProduct(product.id, { title: "Renamed while nobody listened" }, drop);
    const customer = sandbox.store.customers[0];
    sandbox.editCustomer(customer.id, { tags: ["unheard"] }, drop);
    await sandbox.webhooks!.idle();
    const states = sandbox.webhooks!.deliveries.map((d) => d.state);
    expect(states.filter((s) => s === "dropped").length).toBeGreaterThan(5);
    expect(states.filter((s) => s !== "dropped").every((s) => s === "delivered")).toBe(true);
    await runQueuedJobs();

    const orders = await db.order.findMany({
      where: { shopId, id: { in: [delivered, ...lost].map((o) => id(o.id)) } },
      select: { id: true },
    });
    expect(orders.map((o) => o.id)).toEqual([id(delivered.id)]);
    expect(await db.refund.count({ where: { shopId, orderId: id(refunded.id) } })).toBe(
      refunded.refunds.length - 1,
    );
    expect(
      (await db.product.findUniqueOrThrow({ where: { shopId_id: { shopId, id: id(product.id) } } })).title,
    ).not.toBe(product.title);
    const before = describeComparison(await compareWithStore(url, shopId, sandbox.store));
    expect(differing(before)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}orders: \d+ differ$/),
        expect.stringMatching(/^ {2}products: 1 differ$/),
      ]),
    );

    await reconcileShop(db, admin, shopId, new Date());
    const after = await compareWithStore(url, shopId, sandbox.store);
    expect(differing(describeComparison(after))).toEqual([]);
    expect(after.equal).toBe(true);
  });
});
