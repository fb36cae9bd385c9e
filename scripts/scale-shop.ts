/**
 * Synthetic shops for `npm run bench:scale`: power-law product popularity (Zipf), clustered tastes
 * (each customer buys mostly from a home cluster of products), purchases spread over a year in
 * baskets of a day. Streamed in batches, so a shop of any size is generated in bounded memory.
 */
import type { InteractionRecord, ProductRecord } from "../src/domain/records";
import { createRandom } from "../src/model/random";

export interface ScaleShopOptions {
  products: number;
  interactions: number;
  /** Customers: interactions over this (20 a customer by default). */
  perCustomer: number;
  clusters: number;
  /** Zipf exponent of popularity, within a cluster and overall. */
  zipf: number;
  /** Share of a customer's purchases from their home cluster. */
  homeShare: number;
  seed: number;
}

export const DEFAULT_SCALE_SHOP: Omit<ScaleShopOptions, "products" | "interactions"> = {
  perCustomer: 20,
  clusters: 50,
  zipf: 1.0,
  homeShare: 0.8,
  seed: 1,
};

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Draws 0..n−1 with P(r) ∝ 1/(r+1)^s, by binary search over the cumulative weights. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function scaleShopProducts(o: ScaleShopOptions): ProductRecord[] {
  return Array.from({ length: o.products }, (_, i) => ({
    id: `p${i}`,
    name: `Product ${i}`,
    category: `c${i % o.clusters}`,
    price: 1 + (i % 97),
    rating: null,
  }));
}

export function scaleShopCustomers(o: ScaleShopOptions): number {
  return Math.max(1, Math.round(o.interactions / o.perCustomer));
}

/** The purchases, `batch` at a time: product i is in cluster i mod clusters, its rank within it i div clusters. */
export function* scaleShopInteractions(o: ScaleShopOptions, batch = 100_000): Generator<InteractionRecord[]> {
  const random = createRandom(o.seed);
  const perCluster = Math.ceil(o.products / o.clusters);
  const inCluster = zipfSampler(perCluster, o.zipf, random);
  const overall = zipfSampler(o.products, o.zipf, random);
  const clusterOf = zipfSampler(o.clusters, 0.5, random);
  const customers = scaleShopCustomers(o);
  const home = Int32Array.from({ length: customers }, () => clusterOf());
  let out: InteractionRecord[] = [];
  for (let n = 0; n < o.interactions; n++) {
    const c = Math.floor(random() * customers);
    let product: number;
    if (random() < o.homeShare) {
      do product = home[c] + o.clusters * inCluster();
      while (product >= o.products);
    } else product = overall();
    const day = Math.floor(random() * 365);
    out.push({
      customerId: `u${c}`,
      productId: `p${product}`,
      type: "purchase",
      quantity: 1,
      unitPrice: 1 + (product % 97),
      occurredAt: START + day * DAY + Math.floor(random() * DAY),
      basketId: `u${c}-${day}`,
      weight: null,
    });
    if (out.length === batch) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
