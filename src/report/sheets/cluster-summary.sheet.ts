import { MONEY, SHARE } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Each behaviour cluster: its size, revenue, order value, recency, frequency, top categories and products. */
export const clusterSummarySheet: ReportSheet = {
  name: "Cluster summary",
  columns: [
    { key: "cluster", header: "Cluster" },
    { key: "label", header: "Label", width: 40 },
    { key: "size", header: "Customers" },
    { key: "revenue", header: "Revenue", format: MONEY, width: 16 },
    { key: "revenueShare", header: "Revenue share", format: SHARE },
    { key: "averageOrderValue", header: "Average order value", format: MONEY },
    { key: "averageRecencyDays", header: "Average recency (days)", format: "0.0" },
    { key: "averageFrequency", header: "Orders per customer", format: "0.0" },
    { key: "topCategories", header: "Top categories", width: 50 },
    { key: "topProducts", header: "Top products", width: 80 },
  ],
  rows: ({ clusters, productName }) =>
    clusters.map((c) => ({
      cluster: c.clusterId,
      label: c.label,
      size: c.size,
      revenue: c.revenue,
      revenueShare: c.revenueShare,
      averageOrderValue: c.averageOrderValue,
      averageRecencyDays: c.averageRecencyDays,
      averageFrequency: c.averageFrequency,
      topCategories: c.topCategories.map((t) => `${t.category} (${(t.share * 100).toFixed(0)}%)`).join(", "),
      topProducts: c.topProducts.slice(0, 5).map(productName).join(", "),
    })),
};
