/**
 * Behaviour clusters over a store's customers (the math is in model/behaviour-clusters.ts): gathers
 * each RFM-scored customer's figures, browsing and category mix, fits the clusters and describes them
 * as the store keeps them.
 */
import {
  type ClusterInput,
  type ClusteringOptions,
  type ClusterPlacement,
  DEFAULT_CLUSTERING_OPTIONS,
  describeClusters,
  fitClusters,
  placementOf,
} from "../model/behaviour-clusters";
import type { ClusteringInfo, ClusterRow, RfmRow, Store } from "../store";

export interface Clustering {
  clusters: ClusterRow[];
  clusterOf: { customerId: string; clusterId: number }[];
  info: ClusteringInfo;
  placement: ClusterPlacement;
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
  const activity = new Map(store.customers.activity().map((a) => [a.id, a]));
  const hasViews = rfm.some((r) => activity.get(r.customerId)?.pageViews != null);
  const hasTime = rfm.some((r) => activity.get(r.customerId)?.timeSpent != null);

  // Distinct products bought per category, and each product's buyers, from purchases.
  const categoryOf = store.catalog.categories();
  const categories = [...new Set(categoryOf.values())].sort();
  const categoryIndex = new Map(categories.map((c, j) => [c, j]));
  const mix = new Float64Array(n * categories.length);
  const productIds: string[] = [];
  const productIndex = new Map<string, number>();
  const purchases: { customer: number; product: number }[] = [];
  store.interactions.forEachPurchase({}, (customerId, productId) => {
    const i = index.get(customerId);
    if (i === undefined) return;
    let product = productIndex.get(productId);
    if (product === undefined) {
      product = productIds.push(productId) - 1;
      productIndex.set(productId, product);
    }
    purchases.push({ customer: i, product });
    const j = categoryIndex.get(categoryOf.get(productId) ?? "");
    if (j !== undefined) mix[i * categories.length + j]++;
  });

  const input: ClusterInput = {
    layout: { categories, hasViews, hasTime },
    customers: rfm.map((r, i) => {
      const a = activity.get(r.customerId);
      const categoryCounts = mix.subarray(i * categories.length, (i + 1) * categories.length);
      return { ...r, pageViews: a?.pageViews ?? null, timeSpent: a?.timeSpent ?? null, categoryCounts };
    }),
  };
  const fit = fitClusters(input, options);
  const described = describeClusters(fit, input, purchases, (a, b) => (productIds[a] < productIds[b] ? -1 : 1));
  return {
    clusters: described.map(({ members, topProducts, ...c }) => ({
      ...c,
      size: members.length,
      topProducts: topProducts.map((p) => productIds[p]),
    })),
    clusterOf: rfm.map((r, i) => ({ customerId: r.customerId, clusterId: fit.result.assignments[i] })),
    info: { features: fit.features, k: fit.result.k, silhouettes: fit.silhouettes, seconds: (performance.now() - started) / 1000 },
    placement: placementOf(fit, input.layout, described),
  };
}
