/**
 * Behaviour clusters: k-means over standardized customer features, and a description of each cluster.
 *
 * Features per customer with purchases: log(1 + recency days), log(1 + orders), log(1 + spend); page
 * views and time spent (log(1 + x)) where the data has them; and the share of their purchases in each
 * category, scaled by 1/√(number of categories) so that the category mix as a whole weighs about as
 * much as one other feature. k is chosen by silhouette over 2–8 unless set.
 */
import { chooseK, kmeans, type KMeansResult, standardize } from "../model/kmeans";
import type { ClusterRow, RfmRow, Store } from "../store";

export interface ClusteringOptions {
  /** A fixed number of clusters, or "auto" to choose by silhouette over `range`. */
  clusters: number | "auto";
  range: readonly number[];
  seed: number;
}

export const DEFAULT_CLUSTERING_OPTIONS: ClusteringOptions = { clusters: "auto", range: [2, 3, 4, 5, 6, 7, 8], seed: 42 };

export interface Clustering {
  clusters: ClusterRow[];
  clusterOf: { customerId: string; clusterId: number }[];
  info: { features: string[]; k: number; silhouettes: { k: number; silhouette: number }[]; seconds: number };
}

const TOP = 5;

/** A short name from how the cluster's centre differs from the average customer (in standard deviations). */
export function clusterLabel(z: { recency: number; frequency: number; monetary: number }, category: string | null): string {
  const words: string[] = [];
  if (z.recency < -0.5) words.push("Recent");
  else if (z.recency > 0.5) words.push("Lapsed");
  if (z.monetary > 0.5) words.push("high-spending");
  else if (z.monetary < -0.5) words.push("low-spending");
  if (z.frequency > 0.5) words.push("frequent");
  else if (z.frequency < -0.5) words.push("one-off");
  const core = words.length ? `${words.join(" ")} buyers` : "Typical buyers";
  const label = core.charAt(0).toUpperCase() + core.slice(1);
  return category ? `${label} of ${category}` : label;
}

export function clusterCustomers(store: Store, rfm: readonly RfmRow[], options: ClusteringOptions = DEFAULT_CLUSTERING_OPTIONS): Clustering | null {
  const started = performance.now();
  const n = rfm.length;
  if (n < 2) return null;
  const index = new Map(rfm.map((r, i) => [r.customerId, i]));

  // Browsing figures, where the data has them.
  const activity = store.catalog.customerActivity();
  const pageViews = new Float64Array(n);
  const timeSpent = new Float64Array(n);
  let hasViews = false;
  let hasTime = false;
  for (const a of activity) {
    const i = index.get(a.id);
    if (i === undefined) continue;
    if (a.pageViews !== null) (pageViews[i] = Math.log1p(Math.max(0, a.pageViews))), (hasViews = true);
    if (a.timeSpent !== null) (timeSpent[i] = Math.log1p(Math.max(0, a.timeSpent))), (hasTime = true);
  }

  // Category mix and product buyers per customer, from purchases.
  const categoryOf = store.catalog.categories();
  const categories = [...new Set(categoryOf.values())].sort();
  const categoryIndex = new Map(categories.map((c, j) => [c, j]));
  const mix = new Float64Array(n * categories.length);
  const purchases: { customer: number; productId: string }[] = [];
  store.interactions.forEachPurchase({}, (customerId, productId) => {
    const i = index.get(customerId);
    if (i === undefined) return;
    purchases.push({ customer: i, productId });
    const j = categoryIndex.get(categoryOf.get(productId) ?? "");
    if (j !== undefined) mix[i * categories.length + j]++;
  });

  const features = ["log recency", "log frequency", "log monetary"];
  if (hasViews) features.push("log page views");
  if (hasTime) features.push("log time spent");
  const base = features.length;
  for (const c of categories) features.push(`share ${c}`);
  const d = features.length;
  const data = new Float64Array(n * d);
  rfm.forEach((r, i) => {
    const row = i * d;
    data[row] = Math.log1p(r.recencyDays);
    data[row + 1] = Math.log1p(r.frequency);
    data[row + 2] = Math.log1p(Math.max(0, r.monetary));
    let f = 3;
    if (hasViews) data[row + f++] = pageViews[i];
    if (hasTime) data[row + f++] = timeSpent[i];
    let total = 0;
    for (let j = 0; j < categories.length; j++) total += mix[i * categories.length + j];
    for (let j = 0; j < categories.length; j++) data[row + base + j] = total > 0 ? mix[i * categories.length + j] / total : 0;
  });
  const { z } = standardize(data, n, d);
  const categoryWeight = categories.length > 0 ? 1 / Math.sqrt(categories.length) : 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < categories.length; j++) z[i * d + base + j] *= categoryWeight;

  let result: KMeansResult;
  let silhouettes: { k: number; silhouette: number }[] = [];
  if (options.clusters === "auto") {
    const chosen = chooseK(z, n, d, options.range, options.seed);
    result = chosen.best;
    silhouettes = chosen.scores;
  } else {
    result = kmeans(z, n, d, Math.min(options.clusters, n), options.seed);
  }

  const totalRevenue = rfm.reduce((s, r) => s + Math.max(0, r.monetary), 0);
  const overallCategory = new Float64Array(categories.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < categories.length; j++) overallCategory[j] += mix[i * categories.length + j];
  const overallTotal = overallCategory.reduce((a, b) => a + b, 0);

  const clusters: ClusterRow[] = [];
  for (let c = 0; c < result.k; c++) {
    const members: number[] = [];
    result.assignments.forEach((a, i) => a === c && members.push(i));
    if (members.length === 0) continue;
    const revenue = members.reduce((s, i) => s + rfm[i].monetary, 0);
    const orders = members.reduce((s, i) => s + rfm[i].frequency, 0);
    const categoryCounts = new Float64Array(categories.length);
    for (const i of members) for (let j = 0; j < categories.length; j++) categoryCounts[j] += mix[i * categories.length + j];
    const categoryTotal = categoryCounts.reduce((a, b) => a + b, 0);
    const topCategories = categories
      .map((category, j) => ({ category, share: categoryTotal > 0 ? categoryCounts[j] / categoryTotal : 0, over: overallTotal > 0 ? categoryCounts[j] / Math.max(1e-9, categoryTotal) / (overallCategory[j] / overallTotal) : 0 }))
      .filter((x) => x.share > 0)
      .sort((a, b) => b.share - a.share);
    const buyers = new Map<string, number>();
    const memberSet = new Set(members);
    for (const p of purchases) if (memberSet.has(p.customer)) buyers.set(p.productId, (buyers.get(p.productId) ?? 0) + 1);
    const topProducts = [...buyers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20).map(([id]) => id);
    // The centre in standard deviations from the average customer, for the label.
    const centre = (f: number) => members.reduce((s, i) => s + z[i * d + f], 0) / members.length;
    const signature = topCategories.find((x) => x.share >= 0.3 && x.over >= 1.5)?.category ?? null;
    const meanOf = (values: Float64Array) => members.reduce((s, i) => s + values[i], 0) / members.length;
    clusters.push({
      clusterId: c,
      label: clusterLabel({ recency: centre(0), frequency: centre(1), monetary: centre(2) }, signature),
      size: members.length,
      revenue: Math.round(revenue * 100) / 100,
      revenueShare: totalRevenue > 0 ? Math.max(0, revenue) / totalRevenue : 0,
      averageOrderValue: orders > 0 ? Math.round((revenue / orders) * 100) / 100 : 0,
      averageRecencyDays: members.reduce((s, i) => s + rfm[i].recencyDays, 0) / members.length,
      averageFrequency: orders / members.length,
      topCategories: topCategories.slice(0, TOP).map(({ category, share }) => ({ category, share })),
      topProducts,
      browsing: { logPageViews: hasViews ? meanOf(pageViews) : null, logTimeSpent: hasTime ? meanOf(timeSpent) : null },
    });
  }
  return {
    clusters,
    clusterOf: rfm.map((r, i) => ({ customerId: r.customerId, clusterId: result.assignments[i] })),
    info: { features, k: result.k, silhouettes, seconds: (performance.now() - started) / 1000 },
  };
}
