/**
 * Shopify's mandatory privacy webhooks (shopify.dev, "Privacy law compliance").
 * - customers/redact: the customer's personal data goes (the fields marked @personal in schema.prisma, and the
 *   email on their orders); the rows stay, without it, so that the shop's sales still add up.
 * - shop/redact: every row of the shop goes, in every table (they all cascade from shops), and its sessions.
 * - customers/data_request: the customer's data as Keel holds it is assembled and kept for the merchant.
 * Ids are read from the stored JSON as text: they are 64-bit.
 */
import type { Db } from "../../db.server";

interface PrivacyIds {
  customerId: bigint | null;
  orderIds: bigint[];
  dataRequestId: bigint | null;
}

async function privacyIds(db: Db, shopId: number, webhookId: string): Promise<PrivacyIds> {
  const [row] = await db.$queryRaw<
    { customer_id: string | null; orders: string[]; data_request_id: string | null }[]
  >`
    SELECT body #>> '{customer,id}' AS customer_id,
      ARRAY(SELECT jsonb_array_elements_text(coalesce(body->'orders_to_redact', body->'orders_requested', '[]'::jsonb))) AS orders,
      body #>> '{data_request,id}' AS data_request_id
    FROM webhook_events WHERE shop_id = ${shopId}::int AND webhook_id = ${webhookId}`;
  const id = (value: string | null) => (value && /^\d+$/.test(value) ? BigInt(value) : null);
  return {
    customerId: id(row?.customer_id ?? null),
    orderIds: (row?.orders ?? []).filter((o) => /^\d+$/.test(o)).map(BigInt),
    dataRequestId: id(row?.data_request_id ?? null),
  };
}

export async function customersRedact(db: Db, shopId: number, webhookId: string, at: Date): Promise<void> {
  const { customerId, orderIds } = await privacyIds(db, shopId, webhookId);
  await db.$transaction([
    ...(customerId === null
      ? []
      : [
          db.customer.updateMany({
            where: { shopId, id: customerId },
            data: {
              email: null,
              firstName: null,
              lastName: null,
              phone: null,
              city: null,
              province: null,
              redactedAt: at,
            },
          }),
        ]),
    db.order.updateMany({
      where: { shopId, OR: [{ id: { in: orderIds } }, ...(customerId === null ? [] : [{ customerId }])] },
      data: { email: null },
    }),
    db.privacyRequest.create({
      data: { shopId, topic: "customers/redact", customerId, receivedAt: at, completedAt: at },
    }),
  ]);
}

export async function shopRedact(db: Db, shopId: number): Promise<void> {
  const shop = await db.shop.findUnique({ where: { id: shopId } });
  if (!shop) return;
  await db.$transaction([
    db.session.deleteMany({ where: { shop: shop.domain } }),
    db.shop.delete({ where: { id: shopId } }),
  ]);
}

export async function customersDataRequest(
  db: Db,
  shopId: number,
  webhookId: string,
  at: Date,
): Promise<void> {
  const { customerId, orderIds, dataRequestId } = await privacyIds(db, shopId, webhookId);
  const customer =
    customerId === null
      ? null
      : await db.customer.findUnique({ where: { shopId_id: { shopId, id: customerId } } });
  const orders = await db.order.findMany({
    where: { shopId, OR: [{ id: { in: orderIds } }, ...(customerId === null ? [] : [{ customerId }])] },
    include: { lines: true, refunds: { include: { lines: true } } },
    orderBy: { processedAt: "asc" },
  });
  // JSON has no 64-bit integers or decimals: ids and amounts are written as strings.
  const exported = JSON.parse(
    JSON.stringify({ customer, orders }, (_key, value) =>
      typeof value === "bigint" ? value.toString() : value,
    ),
  );
  await db.privacyRequest.create({
    data: {
      shopId,
      topic: "customers/data_request",
      customerId,
      dataRequestId,
      receivedAt: at,
      completedAt: at,
      export: exported,
    },
  });
}
