import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { ClientOnly } from "./ClientOnly";

export interface RevenueSeries {
  name: string;
  data: { key: string; value: number }[];
  isComparison?: boolean;
}

/** Revenue per day as a Polaris line chart, the previous period dashed beside it. */
export function RevenueChart({ series, currency }: { series: RevenueSeries[]; currency: string }) {
  const format = (value: number | string | null) =>
    Number(value ?? 0).toLocaleString("en-US", { style: "currency", currency, maximumFractionDigits: 0 });
  return (
    <div style={{ height: 280 }}>
      <ClientOnly fallback={<SkeletonBodyText lines={8} />}>
        {() => (
          <PolarisVizProvider>
            <LineChart data={series} theme="Light" yAxisOptions={{ labelFormatter: format }} />
          </PolarisVizProvider>
        )}
      </ClientOnly>
    </div>
  );
}
