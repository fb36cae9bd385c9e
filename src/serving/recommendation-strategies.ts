/**
 * The ways a list of recommendations is filled, best first. A ranking is one list cut into pages: each
 * strategy adds products that are not yet in it, nor filtered out, until it holds `wanted` of them.
 */
import type { ProductRecord } from "../domain/records";
import { topK } from "../model/top-k";
import type { ClusterRow } from "../store";
import type { LiveModel, ProductRow, ScoreExplainer } from "./live-model";

/** How a recommendation was chosen (the API names them in upper case). */
export type RecommendationSource = "personalized" | "session" | "cluster" | "popular";

/** The explainer of a list's scores and the model version it belongs to, built on first use and shared by the list. */
export type LazyExplainer = () => { model: LiveModel; explainer: ScoreExplainer };

export interface Recommendation {
  product: ProductRecord;
  score: number;
  source: RecommendationSource;
  /** The list it was served in (send it back with the interaction that follows), and its 1-based place in the ranking. */
  recommendationId: string;
  position: number;
  /** Personalized and session recommendations: what explains their scores. */
  explainer?: LazyExplainer;
}

/** What a visit tells, for visitors without a customer id (and to sharpen a known customer's list). */
export interface SessionContext {
  /** Products viewed in this visit, most recent first or in any order. */
  viewedProductIds?: readonly string[] | null;
  pageViews?: number | null;
  /** In the same unit as the shop's data (the trio format's time_spent). */
  timeSpent?: number | null;
}

export class Ranking {
  readonly items: Recommendation[] = [];

  /**
   * @param skip one flag per product of the model: set for products the list must not hold; the
   *   ranking sets it for every product it adds.
   */
  constructor(
    private readonly model: LiveModel,
    private readonly skip: Uint8Array,
    private readonly wanted: number,
  ) {}

  /**
   * By the model's ranker (ALS, item-kNN, popularity or a blend; see LiveModel.rank) for a customer's
   * or a visit's vector and row of products.
   */
  byVector(vector: ArrayLike<number>, row: () => ProductRow, source: "personalized" | "session"): void {
    const { model, skip } = this;
    const explain = model.rank(vector, row);
    let built: ReturnType<LazyExplainer> | undefined;
    const explainer: LazyExplainer = () => (built ??= { model, explainer: explain() });
    for (const { index, score } of topK(model.scores, this.wanted - this.items.length, skip)) this.add(index, score, source, explainer);
  }

  /** What customers who behave alike buy most: a cluster's top products, scored by popularity. */
  byCluster(cluster: ClusterRow): void {
    for (const productId of cluster.topProducts) {
      const index = this.model.products.indexOf(productId);
      if (index === undefined || this.skip[index] || this.items.length >= this.wanted) continue;
      this.add(index, this.model.popularity[index], "cluster");
    }
  }

  /** The most bought products (score: the share of customers who bought each), for whatever is left. */
  byPopularity(): void {
    const { popularOrder } = this.model;
    for (let p = 0; p < popularOrder.length && this.items.length < this.wanted; p++) {
      const index = popularOrder[p];
      if (!this.skip[index]) this.add(index, this.model.popularity[index], "popular");
    }
  }

  private add(index: number, score: number, source: RecommendationSource, explainer?: LazyExplainer): void {
    const position = this.items.length + 1;
    this.items.push({ product: this.model.productRecords[index], score, source, explainer, recommendationId: "", position });
    this.skip[index] = 1;
  }
}

/** The cluster whose members browse most like this visit (log page views and time spent), if the data has browsing figures. */
export function nearestClusterByBrowsing(clusters: Iterable<ClusterRow>, context: SessionContext): ClusterRow | undefined {
  let best: ClusterRow | undefined;
  let bestDistance = Infinity;
  for (const c of clusters) {
    let distance = 0;
    let dims = 0;
    if (context.pageViews != null && c.browsing.logPageViews !== null) {
      distance += (Math.log1p(context.pageViews) - c.browsing.logPageViews) ** 2;
      dims++;
    }
    if (context.timeSpent != null && c.browsing.logTimeSpent !== null) {
      distance += (Math.log1p(context.timeSpent) - c.browsing.logTimeSpent) ** 2;
      dims++;
    }
    if (dims > 0 && distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}
