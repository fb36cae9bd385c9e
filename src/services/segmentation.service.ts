/**
 * Behaviour clusters: k-means over standardized customer features, and a description of each cluster.
 *
 * Features per customer with purchases: log(1 + recency days), log(1 + orders), log(1 + spend); page
 * views and time spent (log(1 + x)) where the data has them; and the share of their purchases in each
 * category, scaled by 1/√(number of categories) so that the category mix as a whole weighs about as
 * much as one other feature. k is chosen by silhouette over 2–8 unless set.
 */
import { chooseK, kmeans, type KMeansResult, nearestCentroid, standardize } from "../model/kmeans";
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
  placement: ClusterPlacement;
}

/**
 * What placing one more customer into the trained clusters takes (a customer recorded live, or one
 * whose purchases changed): the feature layout, the training population's means and deviations, and
 * the cluster centres in that standardized space. Stored with the model version as JSON.
 */
export interface ClusterPlacement {
  categories: string[];
  hasViews: boolean;
  hasTime: boolean;
  mean: number[];
  std: number[];
  /** The centres of the clusters in `clusterIds`, row-major, one row of `mean.length` features each. */
  centroids: number[];
  clusterIds: number[];
}

/** One customer's figures for clustering: RFM, browsing (null when unknown) and distinct products bought per category. */
export interface CustomerFeatures {
  recencyDays: number;
  frequency: number;
  monetary: number;
  pageViews: number | null;
  timeSpent: number | null;
  /** Aligned with the placement's categories. */
  categoryCounts: ArrayLike<number>;
}

/** The raw feature row (before standardizing): logs of the figures, then the category mix as shares. */
function featureRow(
  x: CustomerFeatures,
  layout: Pick<ClusterPlacement, "categories" | "hasViews" | "hasTime">,
  out: Float64Array,
  offset: number,
): void {
  out[offset] = Math.log1p(x.recencyDays);
  out[offset + 1] = Math.log1p(x.frequency);
  out[offset + 2] = Math.log1p(Math.max(0, x.monetary));
  let f = offset + 3;
  if (layout.hasViews) out[f++] = Math.log1p(Math.max(0, x.pageViews ?? 0));
  if (layout.hasTime) out[f++] = Math.log1p(Math.max(0, x.timeSpent ?? 0));
  let total = 0;
  for (let j = 0; j < layout.categories.length; j++) total += x.categoryCounts[j];
  for (let j = 0; j < layout.categories.length; j++) out[f + j] = total > 0 ? x.categoryCounts[j] / total : 0;
}

/** The category mix as a whole weighs about as much as one other feature. */
function categoryWeight(categories: number): number {
  return categories > 0 ? 1 / Math.sqrt(categories) : 0;
}

/** The trained cluster nearest to a customer's standardized features. */
export function placeCustomer(placement: ClusterPlacement, x: CustomerFeatures): number {
  const d = placement.mean.length;
  const row = new Float64Array(d);
  featureRow(x, placement, row, 0);
  const base = d - placement.categories.length;
  const weight = categoryWeight(placement.categories.length);
  for (let f = 0; f < d; f++) {
    const z = placement.std[f] > 0 ? (row[f] - placement.mean[f]) / placement.std[f] : 0;
    row[f] = f >= base ? z * weight : z;
  }
  const nearest = nearestCentroid(row, 0, Float64Array.from(placement.centroids), placement.clusterIds.length, d);
  return placement.clusterIds[nearest];
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

export function clusterCustomers(
  store: Store,
  rfm: readonly RfmRow[],
  options: ClusteringOptions = DEFAULT_CLUSTERING_OPTIONS,
): Clustering | null {
  const started = performance.now();
  const n = rfm.length;
  if (n < 2) return null;
  const index = new Map(rfm.map((r, i) => [r.customerId, i]));

  // Browsing figures, where the data has them.
  const activity = new Map(store.catalog.customerActivity().map((a) => [a.id, a]));
  const hasViews = rfm.some((r) => activity.get(r.customerId)?.pageViews != null);
  const hasTime = rfm.some((r) => activity.get(r.customerId)?.timeSpent != null);

  // Distinct products bought per category, and each product's buyers, from purchases.
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

  const layout = { categories, hasViews, hasTime };
  const features = ["log recency", "log frequency", "log monetary"];
  if (hasViews) features.push("log page views");
  if (hasTime) features.push("log time spent");
  const base = features.length;
  for (const c of categories) features.push(`share ${c}`);
  const d = features.length;
  const data = new Float64Array(n * d);
  rfm.forEach((r, i) => {
    const a = activity.get(r.customerId);
    const categoryCounts = mix.subarray(i * categories.length, (i + 1) * categories.length);
    featureRow({ ...r, pageViews: a?.pageViews ?? null, timeSpent: a?.timeSpent ?? null, categoryCounts }, layout, data, i * d);
  });
  const { z, mean, std } = standardize(data, n, d);
  const weight = categoryWeight(categories.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < categories.length; j++) z[i * d + base + j] *= weight;

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
  const centroids: number[] = [];
  for (let c = 0; c < result.k; c++) {
    const members: number[] = [];
    result.assignments.forEach((a, i) => a === c && members.push(i));
    if (members.length === 0) continue;
    centroids.push(...result.centroids.subarray(c * d, (c + 1) * d));
    const revenue = members.reduce((s, i) => s + rfm[i].monetary, 0);
    const orders = members.reduce((s, i) => s + rfm[i].frequency, 0);
    const categoryCounts = new Float64Array(categories.length);
    for (const i of members) for (let j = 0; j < categories.length; j++) categoryCounts[j] += mix[i * categories.length + j];
    const categoryTotal = categoryCounts.reduce((a, b) => a + b, 0);
    const topCategories = categories
      .map((category, j) => ({
        category,
        share: categoryTotal > 0 ? categoryCounts[j] / categoryTotal : 0,
        over: overallTotal > 0 ? categoryCounts[j] / Math.max(1e-9, categoryTotal) / (overallCategory[j] / overallTotal) : 0,
      }))
      .filter((x) => x.share > 0)
      .sort((a, b) => b.share - a.share);
    const buyers = new Map<string, number>();
    const memberSet = new Set(members);
    for (const p of purchases) if (memberSet.has(p.customer)) buyers.set(p.productId, (buyers.get(p.productId) ?? 0) + 1);
    const topProducts = [...buyers]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 20)
      .map(([id]) => id);
    // The centre in standard deviations from the average customer, for the label.
    const centre = (f: number) => members.reduce((s, i) => s + z[i * d + f], 0) / members.length;
    const signature = topCategories.find((x) => x.share >= 0.3 && x.over >= 1.5)?.category ?? null;
    const meanOf = (feature: number) => members.reduce((s, i) => s + data[i * d + feature], 0) / members.length;
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
      // The raw (unstandardized) log page views and time spent follow the three RFM features.
      browsing: { logPageViews: hasViews ? meanOf(3) : null, logTimeSpent: hasTime ? meanOf(hasViews ? 4 : 3) : null },
    });
  }
  return {
    clusters,
    clusterOf: rfm.map((r, i) => ({ customerId: r.customerId, clusterId: result.assignments[i] })),
    info: { features, k: result.k, silhouettes, seconds: (performance.now() - started) / 1000 },
    placement: { ...layout, mean: Array.from(mean), std: Array.from(std), centroids, clusterIds: clusters.map((c) => c.clusterId) },
  };
}
