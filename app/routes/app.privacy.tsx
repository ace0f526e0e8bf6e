import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { listPrivacyRequests, type PrivacyRequestRow } from "../sync/privacy-requests.server";
import { formatDateTime } from "../ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop: domain } = await requireAdmin(request);
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true, timeZone: true } });
  return {
    timeZone: shop?.timeZone ?? "UTC",
    requests: shop ? await listPrivacyRequests(db, shop.id) : [],
  };
}

const TOPICS: Record<string, string> = {
  "customers/data_request": "Data request",
  "customers/redact": "Customer redaction",
};

export default function PrivacyRequests() {
  const { requests, timeZone } = useLoaderData<typeof loader>();
  return (
    <Page title="Privacy requests" subtitle="Requests Shopify forwarded from your customers">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {requests.length === 0 ? (
              <EmptyState heading="No privacy requests yet" image="">
                <p>
                  When a customer asks for their data or to be forgotten, Shopify forwards the request here.
                  Keel answers it automatically; data requests can then be downloaded and sent to the
                  customer.
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "request", plural: "requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: "Received" },
                  { title: "Request" },
                  { title: "Customer" },
                  { title: "Status" },
                  { title: "Data" },
                ]}
              >
                {requests.map((row, index) => (
                  <RequestRow key={row.id} row={row} index={index} timeZone={timeZone} />
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                What Keel does
              </Text>
              <Text as="p">
                A redaction removes the customer&apos;s name, email, phone and address from Keel; their orders
                stay, without them, so your sales still add up. A data request gathers everything Keel holds
                about the customer into one file.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function RequestRow({ row, index, timeZone }: { row: PrivacyRequestRow; index: number; timeZone: string }) {
  return (
    <IndexTable.Row id={String(row.id)} position={index}>
      <IndexTable.Cell>{formatDateTime(row.receivedAt, timeZone)}</IndexTable.Cell>
      <IndexTable.Cell>{TOPICS[row.topic] ?? row.topic}</IndexTable.Cell>
      <IndexTable.Cell>{row.customerId ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        {row.completedAt ? <Badge tone="success">Completed</Badge> : <Badge tone="attention">Pending</Badge>}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {row.topic === "customers/data_request" && row.completedAt ? (
          <DownloadButton requestId={row.id} orders={row.orders ?? 0} />
        ) : (
          "—"
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/**
 * Fetched rather than linked: inside the Shopify admin, App Bridge adds the session token to fetch requests,
 * which a plain link navigation would not carry.
 */
function DownloadButton({ requestId, orders }: { requestId: number; orders: number }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch(`/app/privacy/${requestId}/download`);
      if (!response.ok) throw new Error(String(response.status));
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name ?? `keel-data-request-${requestId}.json`;
      link.click();
      URL.revokeObjectURL(url);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button onClick={download} loading={busy} tone={failed ? "critical" : undefined}>
      {failed ? "Retry download" : `Download (${orders} ${orders === 1 ? "order" : "orders"})`}
    </Button>
  );
}
