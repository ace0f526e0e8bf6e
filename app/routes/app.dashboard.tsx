import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { dashboard } from "../kpi/dashboard.server";
import { change, dayInZone, lastDays, parsePeriod, type Period } from "../kpi/model/periods";
import { RevenueChart } from "../ui/RevenueChart";
import { formatMoney, formatNumber } from "../ui/format";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const PRESETS = [7, 30, 90, 365];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop: domain } = await requireAdmin(request);
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) return { ready: false as const };
  const url = new URL(request.url);
  const today = dayInZone(new Date(), shop.timeZone);
  const fallback = lastDays(today, 30);
  const parsed = parsePeriod(
    url.searchParams.get("from") ?? fallback.from,
    url.searchParams.get("to") ?? fallback.to,
  );
  const period: Period = parsed.ok ? parsed.period : fallback;
  return {
    ready: true as const,
    today,
    error: parsed.ok ? null : parsed.reason,
    syncState: shop.syncState,
    figures: await dashboard(db, shop.id, period),
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if (!data.ready) {
    return (
      <Page title="Dashboard">
        <Banner tone="info">
          Keel is setting up your store. The dashboard fills in once the import has started.
        </Banner>
      </Page>
    );
  }
  const { current, previous } = data.figures;
  return (
    <Page
      title="Dashboard"
      subtitle={`${current.period.from} to ${current.period.to}, against ${previous.period.from} to ${previous.period.to}`}
    >
      <BlockStack gap="400">
        {data.error ? <Banner tone="warning">{`${data.error}. Showing the last 30 days.`}</Banner> : null}
        {data.syncState === "backfilling" ? (
          <Banner tone="info">
            Your store's history is still being imported: figures grow as it arrives.
          </Banner>
        ) : null}
        <PeriodPicker today={data.today} period={current.period} loading={navigation.state === "loading"} />
        <Layout>
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              <Metric
                label="Orders"
                value={formatNumber(current.orders)}
                current={current.orders}
                previous={previous.orders}
              />
              <Metric
                label="Units sold"
                value={formatNumber(current.unitsSold)}
                current={current.unitsSold}
                previous={previous.unitsSold}
              />
              <Metric
                label="New customers"
                value={formatNumber(current.newCustomers)}
                current={current.newCustomers}
                previous={previous.newCustomers}
              />
              <Metric
                label="Returning customers"
                value={formatNumber(current.returningCustomers)}
                current={current.returningCustomers}
                previous={previous.returningCustomers}
              />
            </InlineGrid>
          </Layout.Section>
          {current.revenue.length === 0 ? (
            <Layout.Section>
              <Card>
                <Text as="p" tone="subdued">
                  No orders in this period.
                </Text>
              </Card>
            </Layout.Section>
          ) : (
            current.revenue.map((row) => {
              const before = previous.revenue.find((r) => r.currency === row.currency);
              const series = [
                {
                  name: "This period",
                  data: current.revenueByDay
                    .filter((d) => d.currency === row.currency)
                    .map((d) => ({ key: d.day, value: d.revenue })),
                },
                {
                  name: "Previous period",
                  isComparison: true,
                  data: previous.revenueByDay
                    .filter((d) => d.currency === row.currency)
                    .map((d, i) => ({ key: current.revenueByDay[i]?.day ?? d.day, value: d.revenue })),
                },
              ];
              return (
                <Layout.Section key={row.currency}>
                  <Card>
                    <BlockStack gap="300">
                      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                        <Metric
                          label={`Revenue (${row.currency})`}
                          value={formatMoney(row.revenue, row.currency)}
                          current={Number(row.revenue)}
                          previous={Number(before?.revenue ?? 0)}
                          bare
                        />
                        <Metric
                          label={`Average order value (${row.currency})`}
                          value={formatMoney(row.averageOrderValue, row.currency)}
                          current={Number(row.averageOrderValue)}
                          previous={Number(before?.averageOrderValue ?? 0)}
                          bare
                        />
                      </InlineGrid>
                      <Text as="h3" variant="headingSm">
                        Revenue per day
                      </Text>
                      <RevenueChart series={series} currency={row.currency} />
                    </BlockStack>
                  </Card>
                </Layout.Section>
              );
            })
          )}
        </Layout>
      </BlockStack>
    </Page>
  );
}

function Metric(props: { label: string; value: string; current: number; previous: number; bare?: boolean }) {
  const delta = change(props.current, props.previous);
  const body = (
    <BlockStack gap="100">
      <Text as="h2" variant="headingSm" tone="subdued">
        {props.label}
      </Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="p" variant="headingLg">
          {props.value}
        </Text>
        {delta === null ? (
          <Badge>no previous data</Badge>
        ) : (
          <Badge
            tone={delta >= 0 ? "success" : "critical"}
          >{`${delta >= 0 ? "+" : ""}${(delta * 100).toFixed(1)}%`}</Badge>
        )}
      </InlineStack>
    </BlockStack>
  );
  return props.bare ? body : <Card>{body}</Card>;
}

function PeriodPicker({ today, period, loading }: { today: string; period: Period; loading: boolean }) {
  const [params] = useSearchParams();
  const [from, setFrom] = useState(params.get("from") ?? period.from);
  const [to, setTo] = useState(params.get("to") ?? period.to);
  const preset = PRESETS.find((days) => {
    const p = lastDays(today, days);
    return p.from === period.from && p.to === period.to;
  });
  return (
    <Card>
      <Form method="get">
        <InlineStack gap="300" blockAlign="end">
          <Select
            label="Period"
            options={[
              ...PRESETS.map((days) => ({ label: `Last ${days} days`, value: String(days) })),
              { label: "Custom", value: "custom" },
            ]}
            value={preset ? String(preset) : "custom"}
            onChange={(value) => {
              if (value === "custom") return;
              const p = lastDays(today, Number(value));
              setFrom(p.from);
              setTo(p.to);
            }}
          />
          <TextField
            label="From"
            name="from"
            type="date"
            value={from}
            onChange={setFrom}
            autoComplete="off"
          />
          <TextField label="To" name="to" type="date" value={to} onChange={setTo} autoComplete="off" />
          <Button submit loading={loading}>
            Show
          </Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
