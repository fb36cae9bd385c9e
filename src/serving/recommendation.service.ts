/**
 * Recommendations: which products to show a customer or an anonymous visit, best first, and which of
 * their own products explain each one. The strategies that fill a list are in recommendation-strategies.ts.
 */
import { InvalidInputError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import { topK } from "../model/top-k";
import type { Store } from "../store";
import { checkLabel, DEFAULT_PLACEMENT } from "../domain/attribution";
import type { AttributionService } from "./attribution.service";
import type { ClusterCache } from "./cluster-cache";
import { type CustomerRow, customerRow } from "./customer-row";
import type { ModelHolder } from "./model-holder";
import { type Page, pageOf } from "./paging";
import { checkPage, filterMask, type PageOptions } from "./product-filter";
import { nearestClusterByBrowsing, Ranking, type Recommendation, type SessionContext } from "./recommendation-strategies";
import { requireId, requireK } from "./validation";

export type { Recommendation, RecommendationSource, SessionContext } from "./recommendation-strategies";

const MAX_VIEWED = 100;

/** Most products an explanation names. */
const MAX_BECAUSE = 10;

/** A page of recommendations: one served list, with the id a storefront sends back for attribution. */
export interface RecommendationPage extends Page<Recommendation> {
  recommendationId: string;
}

export interface RecommendationOptions extends PageOptions {
  /** Where on the storefront the list is shown ("home", "cart"…), for attribution; "default" unless given. */
  placement?: string | null;
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

export class RecommendationService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly clusters: ClusterCache,
    private readonly attribution: AttributionService,
  ) {}

  /**
   * The k products the customer (or visit) is most likely to buy next, leaving out what they already
   * bought and what this visit viewed. Never an error for a normal visitor: a customer id the service
   * has never seen is served as an anonymous visit, and a visit that tells nothing gets the best
   * sellers (the anonymous home page). A visit that viewed products ranks by a vector folded in from
   * them (on top of the customer's own row, if known): SESSION for a visitor, PERSONALIZED for a
   * customer. A known customer gets their own vector (PERSONALIZED), however short their history; one
   * the model has no vector for (or only a zero one) their behaviour cluster's favourites (CLUSTER); a
   * visit known only by its browsing gets the nearest cluster's favourites. Whatever is still missing
   * is filled with the most bought products (POPULAR). Personal scores come from the ranker tuning
   * chose for the shop (ALS, item-kNN or a blend); where it chose popularity alone, every list is the
   * best sellers (POPULAR). The page holds the products ranked offset + 1 to offset + k.
   */
  recommend(customerId: string | null | undefined, k: number, options: RecommendationOptions = {}): RecommendationPage {
    requireK(k);
    const { filter, offset } = checkPage(options);
    const context = checkContext(options.context);
    const placement = options.placement == null ? DEFAULT_PLACEMENT : checkLabel(options.placement, "placement");
    // A customer the service has never seen is answered as an anonymous visit: by what the visit tells.
    let id: string | null = null;
    if (customerId != null) {
      const given = requireId(customerId, "customerId");
      if (this.store.customers.exists(given)) id = given;
    }
    const model = this.holder.latest();
    const skip = filterMask(model, filter);
    for (const productId of id === null ? [] : this.store.interactions.purchasedProducts(id)) {
      const idx = model.products.indexOf(productId);
      if (idx === undefined) continue;
      if (!options.includePurchased) skip[idx] = 1;
    }
    // Products viewed in this visit: not recommended back, but folded in as views.
    const viewed: number[] = [];
    for (const productId of context?.viewedProductIds ?? []) {
      const idx = model.products.indexOf(productId);
      if (idx === undefined) continue;
      skip[idx] = 1;
      if (model.foldable(idx)) viewed.push(idx);
    }

    // One more than the page, to tell whether another page follows.
    const ranking = new Ranking(model, skip, offset + k + 1);
    if (model.popularityOnly) {
      // Tuning found that popularity ranks this shop's purchases best: every list is the best sellers.
    } else if (viewed.length > 0) {
      // This visit's views on top of what the customer did before (nothing, for an anonymous visitor).
      const own: CustomerRow = id === null ? { items: [], weights: [] } : customerRow(this.store, model, id);
      const row = { items: [...own.items, ...viewed], weights: [...own.weights, ...viewed.map(() => model.params.eventWeights.view)] };
      ranking.byVector(model.foldInRow(row), () => row, id === null ? "session" : "personalized");
    } else if (id !== null) {
      // Every customer the model has a vector for is ranked by it, however short their history: on a
      // shop of one or two purchases per customer the tuned ranker serves them better than their
      // cluster's favourites (NDCG@10 0.059 against 0.015 for two products, 0.033 against 0.022 for one),
      // and it is the ranker tuning scored. The cluster answers only for a customer without one.
      const vector = model.customerVector(id);
      if (vector !== undefined && vector.some((v) => v !== 0)) {
        ranking.byVector(vector, () => customerRow(this.store, model, id), "personalized");
      } else {
        const clusterId = this.store.segments.clusterOf(model.id, id);
        const cluster = clusterId === undefined ? undefined : this.clusters.of(model.id).get(clusterId);
        if (cluster) ranking.byCluster(cluster);
      }
    } else if (context) {
      const cluster = nearestClusterByBrowsing(this.clusters.of(model.id).values(), context);
      if (cluster) ranking.byCluster(cluster);
    }
    ranking.byPopularity();
    const page = pageOf(ranking.items.slice(offset), offset, k);
    const { items } = page;
    const recommendationId = this.attribution.newListId();
    for (const item of items) item.recommendationId = recommendationId;
    this.attribution.served({
      id: recommendationId,
      servedAt: Date.now(),
      placement,
      customerId: id,
      firstPosition: offset + 1,
      items: items.map((r) => ({ productId: r.product.id, source: r.source })),
    });
    return { ...page, recommendationId };
  }

  /**
   * The products of the customer's row (what they bought and did, and what this visit viewed) that
   * contributed most to a PERSONALIZED or SESSION recommendation's score (Hu, Koren & Volinsky 2008);
   * empty for CLUSTER and POPULAR ones, which no vector scored.
   */
  because(recommendation: Recommendation, k: number): ProductRecord[] {
    if (!Number.isInteger(k) || k < 1 || k > MAX_BECAUSE)
      throw new InvalidInputError(`k must be an integer from 1 to ${MAX_BECAUSE}, got ${k}`);
    if (!recommendation.explainer) return [];
    // The version the recommendation was ranked with, even if a newer one was swapped in since.
    const { model, explainer } = recommendation.explainer();
    const target = model.products.indexOf(recommendation.product.id);
    if (target === undefined) return [];
    const contributions = explainer.contributions(target);
    return topK(contributions, k)
      .filter((c) => c.score > 0)
      .map((c) => model.productRecords[explainer.items[c.index]]);
  }
}
