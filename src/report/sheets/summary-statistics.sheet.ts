import { dateCell, type ReportCell } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** The file's figures at a glance: counts, revenue, the dates covered and the model version. */
export const summaryStatisticsSheet: ReportSheet = {
  name: "Summary statistics",
  columns: [
    { key: "figure", header: "Figure", width: 34 },
    { key: "value", header: "Value", width: 40 },
  ],
  rows: ({ customers, rfm, products, totals, model, clusters, rules }) =>
    (
      [
        ["Customers", customers.length],
        ["Customers with purchases (RFM)", rfm.length],
        ["Products", products.length],
        ["Interactions", totals.interactions],
        ["Purchases (lines, with cancellations)", totals.purchases ?? 0],
        ["Views", totals.views ?? 0],
        ["Cart adds", totals.carts ?? 0],
        ["Orders", totals.orders],
        ["Revenue (cancellations subtracted)", totals.revenue],
        ["Average order value", totals.orders > 0 ? Math.round((totals.revenue / totals.orders) * 100) / 100 : 0],
        ["First interaction", dateCell(totals.first)],
        ["Last interaction", dateCell(totals.last)],
        ["Model version", model.id],
        ["Model trained at", new Date(model.createdAt)],
        ["RFM reference date", dateCell(model.referenceDate)],
        ["Behaviour clusters", clusters.length],
        ["Association rules", rules.length],
        ["Baskets mined", model.stats.baskets ?? null],
      ] as [string, ReportCell][]
    ).map(([figure, value]) => ({ figure, value })),
};
