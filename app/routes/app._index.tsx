import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  DataTable,
  EmptyState,
  InlineGrid,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { shopStatuses, type ShopStatus } from "../sync/status.server";
import { RecordTotals } from "../ui/RecordTotals";
import { SyncStateBadge } from "../ui/SyncStateBadge";
import { formatDateTime, formatMoney, formatNumber } from "../ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const [status] = await shopStatuses(db, { domain: shop });
  return { status: status ?? null };
}

export default function Overview() {
  const { status } = useLoaderData<typeof loader>();
  return (
    <Page title="Overview">
      <Layout>{status ? <ShopOverview status={status} /> : <NotSetUp />}</Layout>
    </Page>
  );
}

function NotSetUp() {
  return (
    <Layout.Section>
      <Card>
        <EmptyState heading="Keel is setting up your store" image="">
          <p>Keel is reading your store's details. Reload this page in a moment.</p>
        </EmptyState>
      </Card>
    </Layout.Section>
  );
}

function ShopOverview({ status }: { status: ShopStatus }) {
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <InlineGrid columns="1fr auto">
              <Text as="h2" variant="headingMd">
                {status.name ?? status.domain}
              </Text>
              <SyncStateBadge state={status.syncState} />
            </InlineGrid>
            <Text as="p" tone="subdued">
              Installed {formatDateTime(status.installedAt, status.timeZone)} · last full sync{" "}
              {status.syncCompletedAt ? formatDateTime(status.syncCompletedAt, status.timeZone) : "not yet"} ·
              last reconciled{" "}
              {status.lastReconciledAt ? formatDateTime(status.lastReconciledAt, status.timeZone) : "not yet"}
            </Text>
            {status.syncError ? <Badge tone="critical">{`Sync error: ${status.syncError}`}</Badge> : null}
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <RecordTotals totals={status.totals} />
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Revenue
            </Text>
            {status.revenue.length === 0 ? (
              <Text as="p" tone="subdued">
                No orders yet. Revenue appears here once orders are imported.
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "numeric"]}
                headings={["Currency", "Orders", "Revenue"]}
                rows={status.revenue.map((r) => [
                  r.currency,
                  formatNumber(r.orders),
                  formatMoney(r.total, r.currency),
                ])}
              />
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}
