import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  EmptyState,
  InlineGrid,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { shopStatuses } from "../sync/status.server";
import { syncOverview, type SyncOverview } from "../sync/sync-status.server";
import { replayWebhookEvent, webhookEvents, type WebhookEventRow } from "../sync/webhook-events.server";
import { enqueueReconcile, enqueueWebhook } from "../jobs.server";
import { RecordTotals } from "../ui/RecordTotals";
import { SyncStateBadge } from "../ui/SyncStateBadge";
import { formatDateTime, formatNumber } from "../ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop: domain } = await requireAdmin(request);
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) return { shop: null };
  const [sync, [status], events] = await Promise.all([
    syncOverview(db, shop.id),
    shopStatuses(db, { domain }),
    webhookEvents(db, shop.id),
  ]);
  return { shop: { domain, timeZone: shop.timeZone }, sync, totals: status.totals, events };
}

/** POST intent=replay webhookId=...: a failed delivery goes back to the queue. */
export async function action({ request }: ActionFunctionArgs) {
  const { shop: domain } = await requireAdmin(request);
  const form = await request.formData();
  const webhookId = form.get("webhookId");
  if (form.get("intent") === "reconcile") {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain }, select: { id: true } });
    await enqueueReconcile(shop.id);
    return { reconciling: true, queuedAt: new Date().toISOString() };
  }
  if (form.get("intent") !== "replay" || typeof webhookId !== "string" || webhookId === "") {
    return Response.json({ error: "expected intent=replay and a webhookId" }, { status: 400 });
  }
  const shop = await db.shop.findUniqueOrThrow({ where: { domain }, select: { id: true } });
  const replayed = await replayWebhookEvent(db, shop.id, webhookId, enqueueWebhook);
  return replayed
    ? { replayed: webhookId }
    : Response.json({ error: `no failed delivery ${webhookId} of this shop` }, { status: 404 });
}

const runTone = {
  waiting: undefined,
  running: "attention",
  completed: "success",
  failed: "critical",
} as const;

/** A reconciliation asked for is watched this long for its run to start (a worker picks it up). */
const WATCH_QUEUED_MS = 5 * 60_000;

export default function Sync() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const importing = data.shop !== null && data.sync.syncState === "backfilling";
  const last = data.shop === null ? null : data.sync.reconciliation.last;
  const queuedAt = result && "reconciling" in result ? new Date(result.queuedAt).getTime() : null;
  const reconciling =
    last?.status === "running" ||
    (queuedAt !== null && (!last || new Date(last.startedAt).getTime() < queuedAt));
  // While the import or a reconciliation runs (or one was just asked for), refresh every two seconds.
  useEffect(() => {
    if (!importing && !reconciling) return;
    const timer = setInterval(() => {
      if (!importing && last?.status !== "running" && queuedAt && Date.now() - queuedAt > WATCH_QUEUED_MS)
        return;
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [importing, reconciling, last?.status, queuedAt, revalidator]);

  if (data.shop === null) {
    return (
      <Page title="Sync">
        <Card>
          <EmptyState heading="Keel is setting up your store" image="">
            <p>The import starts as soon as Keel has read your store's details.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  const { sync, totals, shop } = data;
  const totalObjects = sync.runs.reduce((sum, r) => sum + r.objectCount, 0);
  const doneObjects = sync.runs.reduce((sum, r) => sum + Math.min(r.linesDone, r.objectCount), 0);
  const when = (date: Date | string | null) => (date ? formatDateTime(date, shop.timeZone) : "not yet");

  return (
    <Page title="Sync" titleMetadata={<SyncStateBadge state={sync.syncState} />}>
      <Layout>
        {sync.syncError ? (
          <Layout.Section>
            <Banner tone="critical" title="The import stopped with an error">
              <p>{sync.syncError}</p>
              <p>Keel retries on its own with increasing waits; the figures below show how far it got.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Import of your store's history
              </Text>
              <Text as="p" tone="subdued">
                Started {when(sync.syncStartedAt)} · completed {when(sync.syncCompletedAt)}
              </Text>
              <ProgressBar
                progress={
                  totalObjects === 0
                    ? sync.syncState === "ready"
                      ? 100
                      : 0
                    : (100 * doneObjects) / totalObjects
                }
                tone={sync.syncState === "failed" ? "critical" : "primary"}
              />
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
                headings={["Resource", "Status", "Records in the store", "Read", "Rows written", "Skipped"]}
                rows={sync.runs.map((run) => [
                  run.resource,
                  <Badge key={run.resource} tone={runTone[run.status]}>
                    {run.status}
                  </Badge>,
                  formatNumber(run.objectCount),
                  formatNumber(run.linesDone),
                  formatNumber(run.imported),
                  formatNumber(run.skipped),
                ])}
              />
              {sync.runs
                .filter((run) => run.error)
                .map((run) => (
                  <Banner key={run.resource} tone="critical">{`${run.resource}: ${run.error}`}</Banner>
                ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <RecordTotals totals={totals} />
        </Layout.Section>
        <Layout.Section>
          <Reconciliation reconciliation={sync.reconciliation} timeZone={shop.timeZone} />
        </Layout.Section>
        <Layout.Section>
          <WebhookEvents events={data.events} timeZone={shop.timeZone} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {`Skipped records (${formatNumber(sync.issueCount)})`}
              </Text>
              {sync.issues.length === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing was skipped.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "numeric", "text", "text"]}
                  headings={["Resource", "Line", "Reason", "Record"]}
                  rows={sync.issues.map((issue) => [
                    issue.resource,
                    issue.line,
                    issue.reason,
                    issue.excerpt ?? "",
                  ])}
                  truncate
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function WebhookEvents({
  events,
  timeZone,
}: {
  events: { recent: WebhookEventRow[]; failed: WebhookEventRow[] };
  timeZone: string;
}) {
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const row = (event: WebhookEventRow) => [
    event.topic,
    <Badge
      key={event.webhookId}
      tone={event.status === "failed" ? "critical" : event.status === "processed" ? "success" : undefined}
    >
      {event.status}
    </Badge>,
    formatDateTime(event.receivedAt, timeZone),
    event.attempts,
    event.error ?? "",
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Updates from Shopify
        </Text>
        {result && "replayed" in result ? (
          <Banner tone="success">{`Delivery ${result.replayed} is queued again.`}</Banner>
        ) : null}
        {events.failed.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm" tone="critical">
              {`Failed (${events.failed.length})`}
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
              headings={["Topic", "Status", "Received", "Attempts", "Error", ""]}
              rows={events.failed.map((event) => [
                ...row(event),
                <Form key={event.webhookId} method="post">
                  <input type="hidden" name="intent" value="replay" />
                  <input type="hidden" name="webhookId" value={event.webhookId} />
                  <Button
                    submit
                    size="slim"
                    loading={navigation.formData?.get("webhookId") === event.webhookId}
                  >
                    Replay
                  </Button>
                </Form>,
              ])}
            />
          </BlockStack>
        ) : null}
        {events.recent.length === 0 ? (
          <Text as="p" tone="subdued">
            No updates received yet.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "numeric", "text"]}
            headings={["Topic", "Status", "Received", "Attempts", "Error"]}
            rows={events.recent.map(row)}
            truncate
          />
        )}
      </BlockStack>
    </Card>
  );
}

const reconcileLabels: Record<string, string> = {
  products: "Products and variants",
  inventoryItems: "Inventory items (cost, tracking)",
  inventoryLevels: "Inventory levels",
  customers: "Customers",
  orders: "Orders",
};

/** A length of time for people: "under a second", "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
function formatDuration(ms: number): string {
  if (ms < 1000) return "under a second";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

function Reconciliation({
  reconciliation,
  timeZone,
}: {
  reconciliation: SyncOverview["reconciliation"];
  timeZone: string;
}) {
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const { last, lag } = reconciliation;
  const { webhooks, facts } = lag;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineGrid columns="1fr auto">
          <Text as="h2" variant="headingMd">
            Reconciliation
          </Text>
          <Form method="post">
            <input type="hidden" name="intent" value="reconcile" />
            <Button submit loading={navigation.formData?.get("intent") === "reconcile"}>
              Reconcile now
            </Button>
          </Form>
        </InlineGrid>
        <Text as="p" tone="subdued">
          Every hour Keel asks Shopify which products, inventory items and levels, customers and orders
          changed since its last mark, and repairs anything a webhook did not bring. A newer copy from a
          webhook is never overwritten.
        </Text>
        {result && "reconciling" in result ? <Banner tone="info">A reconciliation is queued.</Banner> : null}

        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Lag
          </Text>
          <Text as="p">
            {lag.verifiedThrough === null || lag.sinceVerifiedMs === null
              ? "Keel has not checked its copy against Shopify yet."
              : `${formatDuration(lag.sinceVerifiedMs)}: Keel's copy is proven complete through ${formatDateTime(lag.verifiedThrough, timeZone)} (${lag.verifiedBy === "reconciliation" ? "last complete reconciliation" : "start of the import; no complete reconciliation yet"}).`}
          </Text>
          <Text as="p" tone={webhooks.failed > 0 ? "critical" : undefined}>
            {`Updates from Shopify not applied yet: ${formatNumber(webhooks.waiting)} waiting${
              webhooks.oldestWaitingMs === null
                ? ""
                : ` (the oldest received ${formatDuration(webhooks.oldestWaitingMs)} ago)`
            }, ${formatNumber(webhooks.failed)} failed.`}
          </Text>
          <Text as="p">
            {facts.staleDays === 0 || facts.staleForMs === null
              ? "Daily figures (the Dashboard's): up to date with every update applied."
              : `Daily figures (the Dashboard's): ${formatNumber(facts.staleDays)} ${facts.staleDays === 1 ? "day" : "days"} waiting to be recomputed, the oldest changed ${formatDuration(facts.staleForMs)} ago.`}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            The lag is the time since Keel last proved its copy complete by asking Shopify: the mark of the
            last reconciliation in which every resource completed or, before one, the start of the import.
            Changes after it are in Keel only if their update arrived and was applied; updates waiting or
            failed are not in Keel yet.
          </Text>
        </BlockStack>

        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Last run
          </Text>
          {last ? (
            <>
              <InlineGrid columns="auto 1fr" gap="200" alignItems="center">
                <Badge tone={runTone[last.status]}>{last.status}</Badge>
                <Text as="p">
                  {`Started ${formatDateTime(last.startedAt, timeZone)}${
                    last.finishedAt
                      ? `, took ${formatDuration(new Date(last.finishedAt).getTime() - new Date(last.startedAt).getTime())}`
                      : ", still running"
                  }: ${formatNumber(last.checked)} records checked, ${formatNumber(last.repaired)} repaired.`}
                </Text>
              </InlineGrid>
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
                headings={["Resource", "Status", "Changed in Shopify", "Repaired", "Skipped"]}
                rows={last.resources.map((run) => [
                  reconcileLabels[run.resource] ?? run.resource,
                  <Badge key={run.resource} tone={runTone[run.status]}>
                    {run.status}
                  </Badge>,
                  formatNumber(run.checked),
                  formatNumber(run.repaired),
                  formatNumber(run.skipped),
                ])}
              />
              {last.resources
                .filter((run) => run.error)
                .map((run) => (
                  <Banner key={run.resource} tone="critical">
                    {`${reconcileLabels[run.resource] ?? run.resource}: ${run.error}`}
                  </Banner>
                ))}
            </>
          ) : (
            <Text as="p" tone="subdued">
              No reconciliation has run yet.
            </Text>
          )}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
