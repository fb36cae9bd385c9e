/**
 * Behaviour clusters: k-means over standardized customer features, a description of each cluster, and
 * the placement of one more customer into trained clusters.
 *
 * Features per customer with purchases: log(1 + recency days), log(1 + orders), log(1 + spend); page
 * views and time spent (log(1 + x)) where the data has them; and the share of their purchases in each
 * category, scaled by 1/√(number of categories) so that the category mix as a whole weighs about as
 * much as one other feature. k is chosen by silhouette over 3–8 unless set (fewer customers: fewer clusters).
 */
import { chooseK, kmeans, type KMeansResult, nearestCentroid, standardize } from "./kmeans";
import type { RfmFigures } from "./rfm";

export interface ClusteringOptions {
  /** A fixed number of clusters, or "auto" to choose by silhouette over `range`. */
  clusters: number | "auto";
  range: readonly number[];
  seed: number;
}

/**
 * k from 3 to 8 by silhouette: two clusters (which silhouette prefers on most shops) only split buyers
 * from big buyers, which a marketing team cannot act on; more than eight cannot be told apart.
 */
export const DEFAULT_CLUSTERING_OPTIONS: ClusteringOptions = { clusters: "auto", range: [3, 4, 5, 6, 7, 8], seed: 42 };

/** Which features a clustering uses besides the three RFM figures. */
export interface FeatureLayout {
  categories: string[];
  hasViews: boolean;
  hasTime: boolean;
}

/**
 * What placing one more customer into the trained clusters takes (a customer recorded live, or one
 * whose purchases changed): the feature layout, the training population's means and deviations, and
 * the cluster centres in that standardized space. Stored with the model version as JSON.
 */
export interface ClusterPlacement extends FeatureLayout {
  mean: number[];
  std: number[];
  /** The centres of the clusters in `clusterIds`, row-major, one row of `mean.length` features each. */
  centroids: number[];
  clusterIds: number[];
}

/** One customer's figures for clustering: RFM, browsing (null when unknown) and distinct products bought per category. */
export interface CustomerFeatures extends RfmFigures {
  pageViews: number | null;
  timeSpent: number | null;
  /** Aligned with the layout's categories. */
  categoryCounts: ArrayLike<number>;
}

/** The names of a layout's features, in the order of a feature row. */
export function featureNames(layout: FeatureLayout): string[] {
  const names = ["log recency", "log frequency", "log monetary"];
  if (layout.hasViews) names.push("log page views");
  if (layout.hasTime) names.push("log time spent");
  return [...names, ...layout.categories.map((c) => `share ${c}`)];
}

/** The raw feature row (before standardizing): logs of the figures, then the category mix as shares. */
export function featureRow(x: CustomerFeatures, layout: FeatureLayout, out: Float64Array, offset: number): void {
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

/** The category mix as a whole weighs about as much as one other feature: 1/√(number of categories). */
export function categoryWeight(categories: number): number {
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

/** A cluster's figures next to the whole population's, as the API shows them. */
export interface LabelFigures {
  averageRecencyDays: number;
  averageFrequency: number;
  /** Mean spend per customer. */
  averageSpend: number;
}

/** A figure is "high" from 1.5× the population's and "low" up to 2/3 of it. */
const HIGH = 1.5;
const LOW = 2 / 3;

/**
 * A short name from how the cluster's own figures (the ones the API shows beside it) differ from the
 * whole population's, so a label never contradicts them: Recent or Lapsed by mean recency,
 * high- or low-spending by mean spend per customer, frequent, occasional or one-off (fewer than 1.5
 * orders on average) by mean orders; "Typical" when none differs by that much.
 */
export function clusterLabel(cluster: LabelFigures, population: LabelFigures, category: string | null): string {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 1);
  const words: string[] = [];
  const recency = ratio(cluster.averageRecencyDays, population.averageRecencyDays);
  if (recency <= LOW) words.push("Recent");
  else if (recency >= HIGH) words.push("Lapsed");
  const spend = ratio(cluster.averageSpend, population.averageSpend);
  if (spend >= HIGH) words.push("high-spending");
  else if (spend <= LOW) words.push("low-spending");
  const frequency = ratio(cluster.averageFrequency, population.averageFrequency);
  if (cluster.averageFrequency < 1.5) words.push("one-off");
  else if (frequency >= HIGH) words.push("frequent");
  else if (frequency <= LOW) words.push("occasional");
  const core = words.length ? `${words.join(" ")} buyers` : "Typical buyers";
  const label = core.charAt(0).toUpperCase() + core.slice(1);
  return category ? `${label} of ${category}` : label;
}

/** Labels made unique: a label two clusters share gets each one's top category, or failing that its number. */
export function distinctLabels(labels: readonly string[], topCategories: readonly (string | null)[]): string[] {
  const count = (list: readonly string[]) => list.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const first = count(labels);
  const withCategory = labels.map((l, i) => (first.get(l)! > 1 && topCategories[i] ? `${l}, mostly ${topCategories[i]}` : l));
  const second = count(withCategory);
  return withCategory.map((l, i) => (second.get(l)! > 1 ? `${l} (group ${i + 1})` : l));
}

/** The customers of a clustering, feature by feature. */
export interface ClusterInput {
  layout: FeatureLayout;
  customers: readonly CustomerFeatures[];
}

/** The k-means fit of a population: each customer's cluster, the features' standardization and the chosen k. */
export interface ClusterFit {
  features: string[];
  /** Raw feature rows, n × d, row-major. */
  data: Float64Array;
  /** Standardized (and category-weighted) rows, n × d. */
  z: Float64Array;
  mean: Float64Array;
  std: Float64Array;
  result: KMeansResult;
  silhouettes: { k: number; silhouette: number }[];
}

/** Standardizes the customers' feature rows and runs k-means (k fixed, or chosen by silhouette). */
export function fitClusters({ layout, customers }: ClusterInput, options: ClusteringOptions): ClusterFit {
  const n = customers.length;
  const features = featureNames(layout);
  const d = features.length;
  const base = d - layout.categories.length;
  const data = new Float64Array(n * d);
  customers.forEach((c, i) => featureRow(c, layout, data, i * d));
  const { z, mean, std } = standardize(data, n, d);
  const weight = categoryWeight(layout.categories.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < layout.categories.length; j++) z[i * d + base + j] *= weight;
  if (options.clusters === "auto") {
    // A population smaller than the range's least k gets as many clusters as it has customers, up to 2.
    const range = options.range.some((k) => k <= n) ? options.range : [Math.min(n, 2)];
    const chosen = chooseK(z, n, d, range, options.seed);
    return { features, data, z, mean, std, result: chosen.best, silhouettes: chosen.scores };
  }
  return { features, data, z, mean, std, result: kmeans(z, n, d, Math.min(options.clusters, n), options.seed), silhouettes: [] };
}

/** A cluster's figures: what the store keeps and the API shows, with products as indices. */
export interface ClusterDescription {
  clusterId: number;
  label: string;
  /** Member customers, as indices into the clustered population. */
  members: number[];
  revenue: number;
  revenueShare: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  averageFrequency: number;
  /** Categories by share of the cluster's purchases, most first (at most TOP_CATEGORIES). */
  topCategories: { category: string; share: number }[];
  /** Product indices by buyers in the cluster, most first (at most TOP_PRODUCTS). */
  topProducts: number[];
  /** Mean log(1 + page views) and log(1 + time spent) of its members, where the data has them. */
  browsing: { logPageViews: number | null; logTimeSpent: number | null };
}

const TOP_CATEGORIES = 5;
const TOP_PRODUCTS = 20;

/**
 * Describes each non-empty cluster of a fit: revenue and its share of all positive spend, order value,
 * mean recency and orders, top categories and products, the browsing means, and a label from how far
 * its centre lies from the average customer; a category is named when it holds ≥ 30% of the cluster's
 * purchases and ≥ 1.5× its overall share. `purchases` are (customer, product) pairs, by index;
 * `productOrder` breaks ties between equally bought products (lower first).
 */
export function describeClusters(
  fit: ClusterFit,
  { layout, customers }: ClusterInput,
  purchases: readonly { customer: number; product: number }[],
  productOrder: (a: number, b: number) => number,
): ClusterDescription[] {
  const n = customers.length;
  const d = fit.features.length;
  const categories = layout.categories.length;
  const totalRevenue = customers.reduce((s, c) => s + Math.max(0, c.monetary), 0);
  const overall = new Float64Array(categories);
  for (const c of customers) for (let j = 0; j < categories; j++) overall[j] += c.categoryCounts[j];
  const overallTotal = overall.reduce((a, b) => a + b, 0);
  const membersOf: number[][] = Array.from({ length: fit.result.k }, () => []);
  for (let i = 0; i < n; i++) membersOf[fit.result.assignments[i]].push(i);

  const out: ClusterDescription[] = [];
  const population: LabelFigures = {
    averageRecencyDays: customers.reduce((s, c) => s + c.recencyDays, 0) / Math.max(1, n),
    averageFrequency: customers.reduce((s, c) => s + c.frequency, 0) / Math.max(1, n),
    averageSpend: totalRevenue / Math.max(1, n),
  };
  const signatures: (string | null)[] = [];
  membersOf.forEach((members, clusterId) => {
    if (members.length === 0) return;
    const sum = (value: (i: number) => number) => members.reduce((s, i) => s + value(i), 0);
    const revenue = sum((i) => customers[i].monetary);
    const orders = sum((i) => customers[i].frequency);
    const counts = new Float64Array(categories);
    for (const i of members) for (let j = 0; j < categories; j++) counts[j] += customers[i].categoryCounts[j];
    const countTotal = counts.reduce((a, b) => a + b, 0);
    const topCategories = layout.categories
      .map((category, j) => ({
        category,
        share: countTotal > 0 ? counts[j] / countTotal : 0,
        over: overallTotal > 0 ? counts[j] / Math.max(1e-9, countTotal) / (overall[j] / overallTotal) : 0,
      }))
      .filter((x) => x.share > 0)
      .sort((a, b) => b.share - a.share);
    const memberSet = new Set(members);
    const buyers = new Map<number, number>();
    for (const p of purchases) if (memberSet.has(p.customer)) buyers.set(p.product, (buyers.get(p.product) ?? 0) + 1);
    const topProducts = [...buyers]
      .sort((a, b) => b[1] - a[1] || productOrder(a[0], b[0]))
      .slice(0, TOP_PRODUCTS)
      .map(([product]) => product);
    const meanOf = (f: number) => sum((i) => fit.data[i * d + f]) / members.length;
    const signature = topCategories.find((x) => x.share >= 0.3 && x.over >= 1.5)?.category ?? null;
    signatures.push(topCategories[0]?.category ?? null);
    const own: LabelFigures = {
      averageRecencyDays: sum((i) => customers[i].recencyDays) / members.length,
      averageFrequency: orders / members.length,
      averageSpend: sum((i) => Math.max(0, customers[i].monetary)) / members.length,
    };
    out.push({
      clusterId,
      label: clusterLabel(own, population, signature),
      members,
      revenue: Math.round(revenue * 100) / 100,
      revenueShare: totalRevenue > 0 ? Math.max(0, revenue) / totalRevenue : 0,
      averageOrderValue: orders > 0 ? Math.round((revenue / orders) * 100) / 100 : 0,
      averageRecencyDays: own.averageRecencyDays,
      averageFrequency: own.averageFrequency,
      topCategories: topCategories.slice(0, TOP_CATEGORIES).map(({ category, share }) => ({ category, share })),
      topProducts,
      // The raw (unstandardized) log page views and time spent follow the three RFM features.
      browsing: {
        logPageViews: layout.hasViews ? meanOf(3) : null,
        logTimeSpent: layout.hasTime ? meanOf(layout.hasViews ? 4 : 3) : null,
      },
    });
  });
  const labels = distinctLabels(
    out.map((c) => c.label),
    signatures,
  );
  return out.map((c, i) => ({ ...c, label: labels[i] }));
}

/** What live placement needs of a fit and its described clusters. */
export function placementOf(fit: ClusterFit, layout: FeatureLayout, clusters: readonly ClusterDescription[]): ClusterPlacement {
  const d = fit.features.length;
  const centroids = clusters.flatMap((c) => Array.from(fit.result.centroids.subarray(c.clusterId * d, (c.clusterId + 1) * d)));
  return { ...layout, mean: Array.from(fit.mean), std: Array.from(fit.std), centroids, clusterIds: clusters.map((c) => c.clusterId) };
}
