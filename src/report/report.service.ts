/**
 * The analyst report: ten tables about customers, products, segments, clusters and baskets, built from
 * a model file's data and its newest model version. Writers turn them into an Excel workbook or CSV.
 */
import type { Store } from "../store";
import { servedRfmRows } from "../rfm/customer-rfm";
import { summarizeSegments } from "../rfm/segment-summary";

export interface ReportColumn {
  key: string;
  header: string;
  /** Excel number format, e.g. "0.00" or "0.0%". */
  format?: string;
  width?: number;
}

export interface ReportTable {
  /** Sheet name (and CSV file name, as kebab-case). */
  name: string;
  columns: ReportColumn[];
  rows: Record<string, string | number | Date | null>[];
}

const MONEY = "#,##0.00";
const SHARE = "0.0%";
const RATIO = "0.000";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms));

export function buildReport(store: Store): ReportTable[] {
  const model = store.models.load();
  if (!model) throw new Error("the model file holds no trained model; run `npm run train` first");
  const products = store.reports.products();
  const productName = new Map(products.map((p) => [p.productId, p.name]));
  const clusterOf = store.segments.clusterAssignments(model.id);
  const clusters = store.segments.clusters(model.id);
  const clusterLabel = new Map(clusters.map((c) => [c.clusterId, c.label]));
  const rfm = servedRfmRows(store, model, store.segments.allRfm(model.id)).sort(
    (a, b) => b.monetary - a.monetary || (a.customerId < b.customerId ? -1 : 1),
  );
  const rules = store.rules.all(model.id);
  const totals = store.reports.totals();
  const customers = store.reports.customers();

  // Product associations: each product's five most confident companions.
  const byProduct = new Map<string, typeof rules>();
  for (const r of rules) byProduct.set(r.antecedent, [...(byProduct.get(r.antecedent) ?? []), r]);
  const associations = [...byProduct.keys()].sort().flatMap((id) =>
    byProduct
      .get(id)!
      .sort((a, b) => b.confidence - a.confidence || b.lift - a.lift)
      .slice(0, 5)
      .map((r, rank) => ({
        productId: id,
        productName: productName.get(id) ?? id,
        rank: rank + 1,
        companionId: r.consequent,
        companionName: productName.get(r.consequent) ?? r.consequent,
        baskets: r.count,
        confidence: r.confidence,
        lift: r.lift,
      })),
  );

  return [
    {
      name: "Summary statistics",
      columns: [
        { key: "figure", header: "Figure", width: 34 },
        { key: "value", header: "Value", width: 40 },
      ],
      rows: [
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
        ["First interaction", iso(totals.first)],
        ["Last interaction", iso(totals.last)],
        ["Model version", model.id],
        ["Model trained at", new Date(model.createdAt)],
        ["RFM reference date", iso(model.referenceDate)],
        ["Behaviour clusters", clusters.length],
        ["Association rules", rules.length],
        ["Baskets mined", model.stats.baskets ?? null],
      ].map(([figure, value]) => ({ figure: figure as string, value: value as string | number | Date | null })),
    },
    {
      name: "RFM per customer",
      columns: [
        { key: "customerId", header: "Customer", width: 14 },
        { key: "recencyDays", header: "Recency (days)" },
        { key: "frequency", header: "Frequency (orders)" },
        { key: "monetary", header: "Monetary", format: MONEY, width: 14 },
        { key: "r", header: "R" },
        { key: "f", header: "F" },
        { key: "m", header: "M" },
        { key: "segment", header: "Segment", width: 20 },
        { key: "cluster", header: "Cluster", width: 36 },
      ],
      rows: rfm.map((r) => ({
        customerId: r.customerId,
        recencyDays: r.recencyDays,
        frequency: r.frequency,
        monetary: r.monetary,
        r: r.r,
        f: r.f,
        m: r.m,
        segment: r.label,
        cluster: clusterLabel.get(clusterOf.get(r.customerId) ?? -1) ?? null,
      })),
    },
    {
      name: "Segment summary",
      columns: [
        { key: "segment", header: "Segment", width: 20 },
        { key: "customers", header: "Customers" },
        { key: "revenue", header: "Revenue", format: MONEY, width: 16 },
        { key: "revenueShare", header: "Revenue share", format: SHARE },
        { key: "averageOrderValue", header: "Average order value", format: MONEY },
        { key: "averageRecencyDays", header: "Average recency (days)", format: "0.0" },
        { key: "action", header: "Recommended action", width: 80 },
      ],
      rows: summarizeSegments(rfm).map(({ label, topCategories: _t, ...g }) => ({ segment: label, ...g })),
    },
    {
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
      rows: clusters.map((c) => ({
        cluster: c.clusterId,
        label: c.label,
        size: c.size,
        revenue: c.revenue,
        revenueShare: c.revenueShare,
        averageOrderValue: c.averageOrderValue,
        averageRecencyDays: c.averageRecencyDays,
        averageFrequency: c.averageFrequency,
        topCategories: c.topCategories.map((t) => `${t.category} (${(t.share * 100).toFixed(0)}%)`).join(", "),
        topProducts: c.topProducts
          .slice(0, 5)
          .map((id) => productName.get(id) ?? id)
          .join(", "),
      })),
    },
    {
      name: "Association rules",
      columns: [
        { key: "antecedentId", header: "If bought" },
        { key: "antecedentName", header: "Name", width: 36 },
        { key: "consequentId", header: "Then also" },
        { key: "consequentName", header: "Name", width: 36 },
        { key: "baskets", header: "Baskets" },
        { key: "support", header: "Support", format: "0.0000" },
        { key: "confidence", header: "Confidence", format: RATIO },
        { key: "lift", header: "Lift", format: "0.00" },
      ],
      rows: rules.map((r) => ({
        antecedentId: r.antecedent,
        antecedentName: productName.get(r.antecedent) ?? r.antecedent,
        consequentId: r.consequent,
        consequentName: productName.get(r.consequent) ?? r.consequent,
        baskets: r.count,
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
      })),
    },
    {
      name: "Product associations",
      columns: [
        { key: "productId", header: "Product" },
        { key: "productName", header: "Name", width: 36 },
        { key: "rank", header: "Rank" },
        { key: "companionId", header: "Bought with" },
        { key: "companionName", header: "Name", width: 36 },
        { key: "baskets", header: "Baskets" },
        { key: "confidence", header: "Confidence", format: RATIO },
        { key: "lift", header: "Lift", format: "0.00" },
      ],
      rows: associations,
    },
    {
      name: "Sales by customer",
      columns: [
        { key: "customerId", header: "Customer", width: 14 },
        { key: "country", header: "Country", width: 16 },
        { key: "orders", header: "Orders" },
        { key: "items", header: "Items" },
        { key: "revenue", header: "Revenue", format: MONEY, width: 14 },
        { key: "distinctProducts", header: "Distinct products" },
        { key: "firstPurchase", header: "First purchase", format: "yyyy-mm-dd", width: 14 },
        { key: "lastPurchase", header: "Last purchase", format: "yyyy-mm-dd", width: 14 },
      ],
      rows: store.reports.salesByCustomer().map((s) => ({ ...s, firstPurchase: iso(s.firstPurchase), lastPurchase: iso(s.lastPurchase) })),
    },
    {
      name: "Sales by product",
      columns: [
        { key: "productId", header: "Product" },
        { key: "name", header: "Name", width: 36 },
        { key: "category", header: "Category", width: 18 },
        { key: "orders", header: "Orders" },
        { key: "items", header: "Items" },
        { key: "revenue", header: "Revenue", format: MONEY, width: 14 },
        { key: "customers", header: "Customers" },
      ],
      rows: store.reports.salesByProduct().map((s) => ({ ...s })),
    },
    {
      name: "Customer master",
      columns: [
        { key: "customerId", header: "Customer", width: 14 },
        { key: "country", header: "Country", width: 16 },
        { key: "pageViews", header: "Page views" },
        { key: "timeSpent", header: "Time spent" },
        { key: "segment", header: "Segment", width: 20 },
        { key: "cluster", header: "Cluster", width: 36 },
      ],
      rows: (() => {
        const segmentOf = new Map(rfm.map((r) => [r.customerId, r.label]));
        return customers.map((c) => ({
          customerId: c.customerId,
          country: c.country,
          pageViews: c.pageViews,
          timeSpent: c.timeSpent,
          segment: segmentOf.get(c.customerId) ?? null,
          cluster: clusterLabel.get(clusterOf.get(c.customerId) ?? -1) ?? null,
        }));
      })(),
    },
    {
      name: "Product master",
      columns: [
        { key: "productId", header: "Product" },
        { key: "name", header: "Name", width: 36 },
        { key: "category", header: "Category", width: 18 },
        { key: "price", header: "Price", format: MONEY },
        { key: "rating", header: "Rating", format: "0.0" },
      ],
      rows: products.map((p) => ({ ...p })),
    },
  ];
}

/** "Sales by customer" → "sales-by-customer". */
export function fileNameFor(table: ReportTable): string {
  return table.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
