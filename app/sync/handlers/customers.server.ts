/** customers/create, customers/update and customers/delete, from Shopify's REST bodies. */
import { z } from "zod";
import type { Db } from "../../db.server";
import { applyRecord, deleteRecord, type Outcome } from "./apply.server";
import { webhookBody } from "./rest-body.server";
import { id, tags, time } from "./rest-fields";

const RestCustomer = z.object({
  id,
  email: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  state: z.string().optional().default("enabled"),
  tags,
  default_address: z
    .object({
      city: z.string().nullable().optional(),
      province: z.string().nullable().optional(),
      country_code: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  email_marketing_consent: z.object({ state: z.string() }).nullable().optional(),
  created_at: time.nullable().optional(),
  updated_at: time,
});

export async function applyCustomer(db: Db, shopId: number, webhookId: string): Promise<Outcome> {
  const c = RestCustomer.parse(await webhookBody(db, shopId, webhookId));
  return applyRecord(db, shopId, "customers", c.id, c.updated_at, [
    {
      kind: "customer",
      record: {
        id: c.id,
        email: c.email ?? null,
        firstName: c.first_name ?? null,
        lastName: c.last_name ?? null,
        phone: c.phone ?? null,
        defaultAddress: c.default_address
          ? {
              city: c.default_address.city ?? null,
              province: c.default_address.province ?? null,
              countryCodeV2: c.default_address.country_code ?? null,
            }
          : null,
        state: c.state,
        tags: c.tags,
        emailMarketingConsent: c.email_marketing_consent
          ? { marketingState: c.email_marketing_consent.state.toUpperCase() }
          : null,
        createdAt: c.created_at ?? null,
        updatedAt: c.updated_at,
      },
    },
  ]);
}

export async function deleteCustomer(db: Db, shopId: number, webhookId: string, at: Date): Promise<void> {
  const { id: customerId } = z.object({ id }).parse(await webhookBody(db, shopId, webhookId));
  await deleteRecord(db, shopId, "customers", customerId, at);
}
