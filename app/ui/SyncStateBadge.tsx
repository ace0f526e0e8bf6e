import { Badge } from "@shopify/polaris";

const labels: Record<string, { label: string; tone?: "success" | "attention" | "critical" | "info" }> = {
  pending: { label: "Waiting to import", tone: "info" },
  backfilling: { label: "Importing", tone: "attention" },
  ready: { label: "In sync", tone: "success" },
  failed: { label: "Import failed", tone: "critical" },
};

/** The shop's sync state in a merchant's words. */
export function SyncStateBadge({ state }: { state: string }) {
  const { label, tone } = labels[state] ?? { label: state };
  return <Badge tone={tone}>{label}</Badge>;
}
