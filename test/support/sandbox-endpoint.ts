// A sandbox store whose webhooks reach Keel's endpoint as `npm start` serves it (node-endpoint.server.ts, on a
// free port), and Keel installed into it with the store imported: the start of every test of live sync.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill/backfill.server";
import { webhookListener } from "~/sync/webhooks/node-endpoint.server";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox/index";
import type { SandboxStore } from "../../sandbox/store/types";

export async function startSandboxWithEndpoint(options: {
  secret: string;
  store: SandboxStore;
  webhookOptions?: SandboxOptions["webhookOptions"];
}): Promise<{ sandbox: Sandbox; close(): Promise<void> }> {
  const app = createServer(webhookListener(() => ({ secret: options.secret })));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const sandbox = await startSandbox({
    store: options.store,
    apiKey: "key",
    apiSecret: options.secret,
    // A roomy cost bucket: these tests are about sync, not about waiting for Shopify's rate limit.
    bucket: { maximumAvailable: 100_000, restoreRate: 50_000 },
    webhookEndpoint: `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`,
    webhookOptions: options.webhookOptions,
  });
  return {
    sandbox,
    close: async () => {
      await sandbox.close();
      await new Promise((resolve) => app.close(resolve));
    },
  };
}

/** An Admin API client of the sandbox's shop. */
export function sandboxAdmin(sandbox: Sandbox): AdminClient {
  return new AdminClient({
    shop: sandbox.shopDomain,
    accessToken: sandbox.issueAccessToken(),
    origin: sandbox.origin,
  });
}

/** Keel's row for the sandbox's shop, with the store imported through bulk operations; its id. */
export async function installAndImport(sandbox: Sandbox): Promise<number> {
  const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
  await backfillShop({ db, admin: sandboxAdmin(sandbox), shopId: shop.id, pollIntervalMs: 5 });
  return shop.id;
}
