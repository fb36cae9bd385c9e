/**
 * The serving side: answers ranking queries from the loaded model and records new interactions,
 * folding the customer back into the model at once. The only layer that uses both the model math
 * and the store.
 */
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import type { Explainer } from "../model/explain";
import { actionFor } from "../model/rfm";
import { cosineToRow, scoreAll } from "../model/scoring";
import { topK } from "../model/top-k";
import type { ClusterRow, Store } from "../store";
import { customerRow } from "./customer-row";
import type { LiveModel } from "./live-model";
import { ModelHolder } from "./model-holder";
import { checkPage, filterMask, type PageOptions } from "./product-filter";
import { type RfmSegmentSummary, summarizeSegments } from "./segment-summary";
import { requireId, requireK } from "./validation";

export type RecommendationSource = "PERSONALIZED" | "SESSION" | "CLUSTER" | "POPULAR";

/** What a visit tells, for visitors without a customer id (and to sharpen a known customer's list). */
export interface SessionContext {
  /** Products viewed in this visit, most recent first or in any order. */
  viewedProductIds?: readonly string[] | null;
  pageViews?: number | null;
  /** In the same unit as the shop's data (the trio format's time_spent). */
  timeSpent?: number | null;
}

export const MAX_VIEWED = 100;

/**
 * Customers who bought fewer distinct products than this, and have done nothing since the model was
 * trained, get their behaviour cluster's top products; once they act, their folded-in vector answers.
 */
export const LITTLE_HISTORY = 3;

export interface Recommendation {
  product: ProductRecord;
  score: number;
  source: RecommendationSource;
  /** PERSONALIZED only: the explainer of this customer's scores (and the model version it belongs to), built on first use and shared by the list. */
  explainer?: () => { model: LiveModel; explainer: Explainer };
}

/** Most products an explanation names. */
export const MAX_BECAUSE = 10;

export interface RecommendationOptions extends PageOptions {
  /** Also rank products the customer already bought (off by default). */
  includePurchased?: boolean | null;
  context?: SessionContext | null;
}

function checkContext(context: SessionContext | null | undefined): SessionContext | null {
  if (!context) return null;
  const viewed = context.viewedProductIds ?? [];
  if (viewed.length > MAX_VIEWED)
    throw new InvalidInputError(`context.viewedProductIds lists at most ${MAX_VIEWED} products, got ${viewed.length}`);
  for (const [name, value] of [
    ["pageViews", context.pageViews],
    ["timeSpent", context.timeSpent],
  ] as const) {
    if (value != null && !(Number.isFinite(value) && value >= 0))
      throw new InvalidInputError(`context.${name} must be zero or more, got ${value}`);
  }
  return context;
}

export interface SimilarProduct {
  product: ProductRecord;
  similarity: number;
}

export interface BoughtTogether {
  product: ProductRecord;
  /** Share of all baskets holding both products. */
  support: number;
  /** Share of the given product's baskets that also hold this one. */
  confidence: number;
  /** Confidence divided by this product's own support. */
  lift: number;
  /** Baskets holding both. */
  baskets: number;
}

export interface ProductRule {
  antecedent: ProductRecord;
  consequent: ProductRecord;
  support: number;
  confidence: number;
  lift: number;
  baskets: number;
}

export interface RuleFilter {
  minSupport?: number | null;
  minConfidence?: number | null;
  minLift?: number | null;
  limit?: number | null;
}

export const MAX_RULES = 1000;

export interface RfmSegment {
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  label: string;
  action: string;
}

/** A behaviour cluster as served: its stored figures, with its top products as records. */
export type Cluster = Omit<ClusterRow, "clusterId" | "topProducts" | "browsing"> & { id: number; topProducts: ProductRecord[] };

export interface CustomerSegment {
  customerId: string;
  /** Null when the customer has no dated purchases in the model's data. */
  rfm: RfmSegment | null;
  /** Null for customers the model did not cluster (no purchases when it was trained). */
  cluster: Cluster | null;
}

export interface Segments {
  rfm: RfmSegmentSummary[];
  clusters: Cluster[];
}

export interface RankingMetrics {
  k: number;
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  coverage: number;
}

export interface TuningInfo {
  tunedAt: Date;
  validationCutoff: Date;
  trials: number;
  validation: RankingMetrics[];
}

export interface ModelInfo {
  version: number;
  trainedAt: Date;
  factors: number;
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
  source: Record<string, unknown>;
  customers: number;
  products: number;
  tuning: TuningInfo | null;
}

/** The tuning record a model was trained with, as stored in its stats. */
function tuningInfo(stats: Record<string, unknown>): TuningInfo | null {
  const t = stats.tuning as
    | {
        tunedAt: string;
        validationCutoff: string;
        trials: unknown[];
        validation: (Omit<RankingMetrics, "map"> & { averagePrecision: number })[];
      }
    | null
    | undefined;
  if (!t) return null;
  return {
    tunedAt: new Date(t.tunedAt),
    validationCutoff: new Date(t.validationCutoff),
    trials: t.trials.length,
    validation: t.validation.map(({ averagePrecision, ...m }) => ({ ...m, map: averagePrecision })),
  };
}

export class RecommenderService {
  constructor(
    private readonly store: Store,
    readonly holder: ModelHolder = new ModelHolder(store),
  ) {}

  /** The newest model version (see ModelHolder.latest). */
  private get model(): LiveModel {
    return this.holder.latest();
  }

  get modelVersion(): number {
    return this.model.id;
  }

  product(productId: string): ProductRecord {
    const id = requireId(productId, "productId");
    const product = this.store.catalog.product(id);
    if (!product) throw new NotFoundError(`no product with id "${id}"`);
    return product;
  }

  /**
   * The k products the customer is most likely to buy next, leaving out what they already bought.
   * Customers the model knows get PERSONALIZED scores (x_u · y_i); others, and any shortfall, get
   * POPULAR products (score: the share of customers who bought it).
   */
  recommendations(customerId: string | null | undefined, k: number, options: RecommendationOptions = {}): Recommendation[] {
    requireK(k);
    const { filter, offset } = checkPage(options);
    const context = checkContext(options.context);
    let id: string | null = null;
    if (customerId != null) {
      id = requireId(customerId, "customerId");
      if (!this.store.catalog.customerExists(id)) throw new NotFoundError(`no customer with id "${id}"`);
    } else if (!context) {
      throw new InvalidInputError("give a customerId, or a context (viewed products, page views, time spent) for an anonymous visitor");
    }
    const model = this.model;
    const skip = filterMask(model, filter);
    let bought = 0;
    for (const productId of id === null ? [] : this.store.interactions.purchasedProducts(id)) {
      const idx = model.products.indexOf(productId);
      if (idx === undefined) continue;
      bought++;
      if (!options.includePurchased) skip[idx] = 1;
    }
    // Products viewed in this visit: not recommended back, but folded in as views.
    const viewed: number[] = [];
    for (const productId of context?.viewedProductIds ?? []) {
      const idx = model.products.indexOf(productId);
      if (idx === undefined) continue;
      skip[idx] = 1;
      if (idx < model.trainedCount) viewed.push(idx);
    }

    // One ranking, cut into pages: the first offset + k of it, then the page.
    const wanted = offset + k;
    const ranked: Recommendation[] = [];
    const rankByVector = (vector: ArrayLike<number>, source: "PERSONALIZED" | "SESSION", explainer?: Recommendation["explainer"]) => {
      scoreAll(model.productFactors, model.productCount, model.k, vector, model.scores);
      // Products with no vector at all (untrained, without a category) come only through popularity.
      for (let i = model.trainedCount; i < model.productCount; i++) if (model.productNorms[i] === 0) model.scores[i] = Number.NaN;
      for (const { index, score } of topK(model.scores, wanted, skip)) {
        ranked.push({ product: model.productRecords[index], score, source, explainer });
        skip[index] = 1;
      }
    };
    const rankByCluster = (clusterId: number) => {
      // What customers who behave alike buy most.
      for (const productId of this.clusterRows(model.id).get(clusterId)?.topProducts ?? []) {
        const index = model.products.indexOf(productId);
        if (index === undefined || skip[index] || ranked.length >= wanted) continue;
        ranked.push({ product: model.productRecords[index], score: model.popularity[index], source: "CLUSTER" });
        skip[index] = 1;
      }
    };

    if (viewed.length > 0) {
      // This visit's views on top of what the customer did before (nothing, for an anonymous visitor).
      const row = id === null ? { items: [], weights: [] } : customerRow(this.store, model, id);
      const items = [...row.items, ...viewed];
      const weights = [...row.weights, ...viewed.map(() => model.params.eventWeights.view)];
      const vector = model.foldInRow({ items, weights });
      rankByVector(vector, id === null ? "SESSION" : "PERSONALIZED");
    } else if (id !== null) {
      const little = bought < LITTLE_HISTORY && !this.store.interactions.hasInteractionsAfter(id, model.stored.lastInteractionId);
      const clusterId = little ? this.store.models.clusterOf(model.id, id) : undefined;
      const vector = model.customerVector(id);
      if (clusterId !== undefined) rankByCluster(clusterId);
      else if (vector !== undefined && vector.some((v) => v !== 0)) {
        let built: { model: LiveModel; explainer: Explainer } | undefined;
        const explainer = () => {
          if (!built) {
            built = { model, explainer: model.explainer(customerRow(this.store, model, id!)) };
          }
          return built;
        };
        rankByVector(vector, "PERSONALIZED", explainer);
      }
    } else {
      const clusterId = this.nearestClusterByBrowsing(model.id, context!);
      if (clusterId !== undefined) rankByCluster(clusterId);
    }
    for (let p = 0; p < model.popularOrder.length && ranked.length < wanted; p++) {
      const index = model.popularOrder[p];
      if (skip[index]) continue;
      ranked.push({ product: model.productRecords[index], score: model.popularity[index], source: "POPULAR" });
    }
    return ranked.slice(offset);
  }

  /** The cluster whose members browse most like this visit (log page views and time spent), if the data has browsing figures. */
  private nearestClusterByBrowsing(modelId: number, context: SessionContext): number | undefined {
    let best: number | undefined;
    let bestDistance = Infinity;
    for (const c of this.clusterRows(modelId).values()) {
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
        best = c.clusterId;
      }
    }
    return best;
  }

  /**
   * The customer's own products that contributed most to a PERSONALIZED recommendation's score
   * (Hu, Koren & Volinsky 2008); empty for CLUSTER and POPULAR ones.
   */
  because(recommendation: Recommendation, n: number): ProductRecord[] {
    if (!Number.isInteger(n) || n < 1 || n > MAX_BECAUSE)
      throw new InvalidInputError(`n must be an integer from 1 to ${MAX_BECAUSE}, got ${n}`);
    if (!recommendation.explainer) return [];
    // The version the recommendation was ranked with, even if a newer one was swapped in since.
    const { model, explainer } = recommendation.explainer();
    const target = model.products.indexOf(recommendation.product.id);
    if (target === undefined) return [];
    const contributions = explainer.contributions(target);
    return topK(contributions, n)
      .filter((c) => c.score > 0)
      .map((c) => model.productRecords[explainer.items[c.index]]);
  }

  /** The k products whose embeddings are closest to this one's by cosine similarity. */
  similarProducts(productId: string, k: number, options: PageOptions = {}): SimilarProduct[] {
    const id = requireId(productId, "productId");
    requireK(k);
    const { filter, offset } = checkPage(options);
    const model = this.model;
    const idx = model.products.indexOf(id);
    if (idx === undefined) {
      if (!this.store.catalog.product(id)) throw new NotFoundError(`no product with id "${id}"`);
      return []; // in the catalogue, but nobody has bought it yet: it has no embedding.
    }
    cosineToRow(model.productFactors, model.productNorms, model.productCount, model.k, idx, model.scores);
    const skip = filterMask(model, filter);
    skip[idx] = 1;
    return topK(model.scores, offset + k, skip)
      .slice(offset)
      .map(({ index, score }) => ({ product: model.productRecords[index], similarity: score }));
  }

  /**
   * Products most often in the same basket as this one: its association rules, most confident first
   * (then by lift). Empty for a product without rules above the model's thresholds.
   */
  frequentlyBoughtTogether(productId: string, k: number): BoughtTogether[] {
    const id = requireId(productId, "productId");
    requireK(k);
    if (!this.store.catalog.product(id)) throw new NotFoundError(`no product with id "${id}"`);
    const rules = this.store.rules.forProduct(this.model.id, id, k);
    const products = new Map(this.store.catalog.products(rules.map((r) => r.consequent)).map((p) => [p.id, p]));
    return rules.map((r) => ({
      product: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
  }

  /** Rules passing the thresholds (at least the model's own), highest lift first, then by confidence. */
  associationRules(filter: RuleFilter = {}): ProductRule[] {
    const share = (value: number | null | undefined, what: string) => {
      if (value == null) return 0;
      if (!(value >= 0 && value <= 1)) throw new InvalidInputError(`${what} must be between 0 and 1, got ${value}`);
      return value;
    };
    const minLift = filter.minLift ?? 0;
    if (!(minLift >= 0 && Number.isFinite(minLift))) throw new InvalidInputError(`minLift must be zero or more, got ${minLift}`);
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RULES)
      throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_RULES}, got ${limit}`);
    const rules = this.store.rules.list(this.model.id, {
      minSupport: share(filter.minSupport, "minSupport"),
      minConfidence: share(filter.minConfidence, "minConfidence"),
      minLift,
      limit,
    });
    const products = new Map(
      this.store.catalog.products([...new Set(rules.flatMap((r) => [r.antecedent, r.consequent]))]).map((p) => [p.id, p]),
    );
    return rules.map((r) => ({
      antecedent: products.get(r.antecedent)!,
      consequent: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
  }

  segment(customerId: string): CustomerSegment {
    const id = requireId(customerId, "customerId");
    if (!this.store.catalog.customerExists(id)) throw new NotFoundError(`no customer with id "${id}"`);
    const modelId = this.model.id;
    const row = this.store.models.rfm(modelId, id);
    const clusterId = this.store.models.clusterOf(modelId, id);
    const clusterRow = clusterId === undefined ? undefined : this.clusterRows(modelId).get(clusterId);
    const cluster = clusterRow ? this.describeCluster(clusterRow) : null;
    if (!row) return { customerId: id, rfm: null, cluster };
    const { customerId: _c, ...figures } = row;
    return { customerId: id, rfm: { ...figures, action: actionFor(row.label) }, cluster };
  }

  /** Per RFM segment and per behaviour cluster: customers, revenue, order value, recency, top categories. */
  segments(): Segments {
    const modelId = this.model.id;
    return {
      rfm: summarizeSegments(this.store.models.allRfm(modelId), this.store.models.segmentCategoryCounts(modelId)),
      clusters: [...this.clusterRows(modelId).values()].map((c) => this.describeCluster(c)),
    };
  }

  private clusterCache: { modelId: number; rows: Map<number, ClusterRow> } | null = null;

  /** A model version's clusters (they change only with the version). */
  private clusterRows(modelId: number): Map<number, ClusterRow> {
    if (this.clusterCache?.modelId !== modelId) {
      this.clusterCache = { modelId, rows: new Map(this.store.models.clusters(modelId).map((c) => [c.clusterId, c])) };
    }
    return this.clusterCache.rows;
  }

  private describeCluster(c: ClusterRow): Cluster {
    const { clusterId, topProducts, browsing: _browsing, ...figures } = c;
    return { id: clusterId, ...figures, topProducts: this.store.catalog.products(topProducts.slice(0, 5)) };
  }

  modelInfo(): ModelInfo {
    const s = this.model.stored;
    return {
      version: s.id,
      trainedAt: new Date(s.createdAt),
      factors: s.factors,
      params: s.params,
      stats: s.stats,
      source: s.source,
      customers: s.customers.size,
      products: s.products.size,
      tuning: tuningInfo(s.stats),
    };
  }
}
