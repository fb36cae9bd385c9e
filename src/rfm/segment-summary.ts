/** Per-RFM-segment figures, shared by the GraphQL `segments` query and the analyst report. */
import { actionFor, fmScore, segmentFor } from "../model/rfm";
import type { RfmRow } from "../store";

export interface RfmSegmentSummary {
  label: string;
  action: string;
  customers: number;
  revenue: number;
  revenueShare: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  topCategories: { category: string; share: number }[];
}

/**
 * Groups customers by segment: count, revenue (Σ monetary), its share of all positive spend, order
 * value (revenue / orders), mean recency and, given purchases per segment and category, the top five
 * categories by share. Ordered by revenue, highest first.
 */
export function summarizeSegments(
  rows: readonly RfmRow[],
  categoryCounts: readonly { label: string; category: string; purchases: number }[] = [],
): RfmSegmentSummary[] {
  const totalRevenue = rows.reduce((s, r) => s + Math.max(0, r.monetary), 0);
  const groups = new Map<string, { customers: number; revenue: number; orders: number; recency: number }>();
  for (const r of rows) {
    const g = groups.get(r.label) ?? { customers: 0, revenue: 0, orders: 0, recency: 0 };
    g.customers++;
    g.revenue += r.monetary;
    g.orders += r.frequency;
    g.recency += r.recencyDays;
    groups.set(r.label, g);
  }
  const categories = new Map<string, { category: string; purchases: number }[]>();
  for (const c of categoryCounts) categories.set(c.label, [...(categories.get(c.label) ?? []), c]);
  return [...groups]
    .map(([label, g]) => {
      const counts = categories.get(label) ?? [];
      const total = counts.reduce((s, c) => s + c.purchases, 0);
      return {
        label,
        action: actionFor(label),
        customers: g.customers,
        revenue: Math.round(g.revenue * 100) / 100,
        revenueShare: totalRevenue > 0 ? Math.max(0, g.revenue) / totalRevenue : 0,
        averageOrderValue: g.orders > 0 ? Math.round((g.revenue / g.orders) * 100) / 100 : 0,
        averageRecencyDays: g.recency / g.customers,
        topCategories: [...counts]
          .sort((a, b) => b.purchases - a.purchases)
          .slice(0, 5)
          .map((c) => ({ category: c.category, share: c.purchases / total })),
      };
    })
    .sort((a, b) => b.revenue - a.revenue);
}

/** One cell of the R × FM segment map and how many customers are in it. */
export interface RfmGridCell {
  r: number;
  fm: number;
  label: string;
  customers: number;
}

/** Customers per cell of the segment map, every one of its 25 cells: R from 5 down to 1, FM from 1 up to 5 in each. */
export function rfmGrid(rows: readonly RfmRow[]): RfmGridCell[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const cell = `${row.r}:${fmScore(row.f, row.m)}`;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const cells: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--)
    for (let fm = 1; fm <= 5; fm++) cells.push({ r, fm, label: segmentFor(r, fm, fm), customers: counts.get(`${r}:${fm}`) ?? 0 });
  return cells;
}
