/**
 * The ways a list of recommendations is filled, best first. A ranking is one list cut into pages: each
 * strategy adds products that are not yet in it, nor filtered out, until it holds `wanted` of them.
 */
import type { ProductRecord } from "../domain/records";
import { type Ranked, topK } from "../model/top-k";
import { annTop } from "./ann-search";
import type { Ranker } from "../model/ranker";
import type { ClusterRow } from "../store";
import type { LiveModel, ProductRow, ScoreExplainer } from "./live-model";
import { ActiveRules } from "./merchandising-rules";

/** How a recommendation was chosen (the API names them in upper case); "rule": a pin placed it, not the model. */
export type RecommendationSource = "personalized" | "session" | "cluster" | "popular" | "rule" | "buyAgain";

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
  /** The product's index in the model version it was ranked with. */
  index: number;
  /** The merchandising rules that changed its place, by name. */
  rules: string[];
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
  /** What score() found through the model's ANN graph, for byScores to take in place of every product's score. */
  private annRanked: Ranked[] | null = null;

  /**
   * @param skip one flag per product of the model: set for products the list must not hold; the
   *   ranking sets it for every product it adds.
   */
  constructor(
    private readonly model: LiveModel,
    private readonly skip: Uint8Array,
    private readonly wanted: number,
    /** Boosts and buries scale the scores each strategy ranks by (the items keep the model's own score). */
    private readonly rules: ActiveRules = ActiveRules.none(model),
  ) {}

  /**
   * Scores every product in the model's `scores` by a ranker (by default the tuned one: ALS, item-kNN,
   * popularity or a blend; see LiveModel.rank) for a customer's or a visit's vector and row of products,
   * scaled by the boosts and buries; returns what explains the model's part.
   */
  score(vector: ArrayLike<number>, row: () => ProductRow, ranker?: Ranker): LazyExplainer {
    const { model } = this;
    // A large catalogue ranked by ALS alone, with no rule scaling scores or drawing promotions from
    // the ranking: its graph proposes the best, each scored exactly (serving/ann-search.ts).
    const rules = this.rules;
    if (model.ann && (ranker ?? model.ranker).alsOnly && !rules.needsEveryScore) {
      this.annRanked = annTop(model, vector, this.wanted, this.skip);
      if (this.annRanked) {
        let lazy: ReturnType<LazyExplainer> | undefined;
        return () => (lazy ??= { model, explainer: model.explainer(row()) });
      }
    }
    const explain = model.rank(vector, row, ranker);
    this.rules.scaleScores(model.scores);
    let built: ReturnType<LazyExplainer> | undefined;
    return () => (built ??= { model, explainer: explain() });
  }

  /** The best products by the scores score() left in the model's `scores`. */
  byScores(explainer: LazyExplainer, source: "personalized" | "session"): void {
    const { model, rules } = this;
    const ranked = this.annRanked ?? topK(model.scores, this.wanted - this.items.length, this.skip);
    this.annRanked = null;
    for (const { index, score } of ranked)
      if (!this.skip[index] && this.items.length < this.wanted) this.add(index, rules.modelScore(index, score), source, explainer);
  }

  /** What customers who behave alike buy most: a cluster's top products, scored by popularity. */
  byCluster(cluster: ClusterRow): void {
    const { model } = this;
    const indices = cluster.topProducts.map((id) => model.products.indexOf(id)).filter((i): i is number => i !== undefined);
    if (this.rules.scales) {
      const scaled = indices.map((i) => this.rules.scaledScore(i, model.popularity[i]));
      const order = indices.map((_, n) => n).sort((a, b) => scaled[b] - scaled[a] || a - b);
      indices.splice(0, indices.length, ...order.map((n) => indices[n]));
    }
    for (const index of indices) {
      if (this.skip[index] || this.items.length >= this.wanted) continue;
      this.add(index, model.popularity[index], "cluster");
    }
  }

  /** The most bought products (score: the share of customers who bought each), for whatever is left. */
  byPopularity(): void {
    this.byOrder(this.rules.popularOrder(), null);
  }

  /** Products a bury sent to the end, by popularity, after every other. */
  byBuried(buried: Uint8Array | null): void {
    if (buried) this.byOrder(this.model.popularOrder, buried);
  }

  private byOrder(order: Int32Array, only: Uint8Array | null): void {
    for (let p = 0; p < order.length && this.items.length < this.wanted; p++) {
      const index = order[p];
      if (only ? only[index] : !this.skip[index]) this.add(index, this.model.popularity[index], "popular");
    }
  }

  private add(index: number, score: number, source: RecommendationSource, explainer?: LazyExplainer): void {
    const position = this.items.length + 1;
    const rules = this.rules.empty ? [] : this.rules.changedBy(index);
    this.items.push({ product: this.model.productRecords[index], score, source, explainer, recommendationId: "", position, index, rules });
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
