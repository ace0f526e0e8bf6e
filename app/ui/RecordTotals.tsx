import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { ShopStatus } from "../sync/status.server";
import { formatNumber } from "./format";

const labels: [keyof ShopStatus["totals"], string][] = [
  ["products", "Products"],
  ["variants", "Variants"],
  ["locations", "Locations"],
  ["customers", "Customers"],
  ["orders", "Orders"],
  ["orderLines", "Order lines"],
  ["refunds", "Refunds"],
];

/** The records Keel holds of the shop, as the Overview and Sync pages show them. */
export function RecordTotals({ totals }: { totals: ShopStatus["totals"] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          What Keel holds
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric"]}
          headings={["Records", "Count"]}
          rows={labels.map(([key, label]) => [label, formatNumber(totals[key])])}
        />
      </BlockStack>
    </Card>
  );
}
