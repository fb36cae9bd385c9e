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
import { armRanker } from "./experiment-assignment";
import type { ExperimentService } from "./experiment.service";
import { arrangeList, extraCandidates } from "./merchandised-list";
import { ActiveRules } from "./merchandising-rules";
import type { LiveModel } from "./live-model";
import { giveMask } from "./mask-pool";
import type { MerchandisingState } from "./merchandising-state";
import type { BuyAgainService } from "./buy-again.service";

export type { Recommendation, RecommendationSource, SessionContext } from "./recommendation-strategies";

const MAX_VIEWED = 100;

/** Most products an explanation names. */
const MAX_BECAUSE = 10;

/** A page of recommendations: one served list, with the id a storefront sends back for attribution. */
export interface RecommendationPage extends Page<Recommendation> {
  recommendationId: string;
  /** The experiment the visitor is in for this placement, and their arm; null outside experiments. */
  experimentId: string | null;
  arm: string | null;
}

export interface RecommendationOptions extends PageOptions {
  /** Where on the storefront the list is shown ("home", "cart"…), for attribution; "default" unless given. */
  placement?: string | null;
  /** Also rank products the customer already bought (off by default). */
  includePurchased?: boolean | null;
  context?: SessionContext | null;
  /** An anonymous visit's id, so it stays in one experiment arm across requests (a customer id wins). */
  sessionId?: string | null;
  /** Slots for other lists at the top: `buyAgain` of the customer's own products most likely bought again (BUY_AGAIN). */
  mix?: { buyAgain?: number | null } | null;
}

/** The most slots a mix reserves for buy again. */
const MAX_MIX = 20;

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
    private readonly state: MerchandisingState,
    private readonly experiments: ExperimentService,
    private readonly buyAgain: BuyAgainService,
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
   * best sellers (POPULAR). The merchandising rules in scope then shape the list (merchandising-rules.ts),
   * and a visitor in an experiment on the placement is ranked as their arm says (its ranker, its rule
   * sets). The page holds the products ranked offset + 1 to offset + k.
   */
  recommend(customerId: string | null | undefined, k: number, options: RecommendationOptions = {}): RecommendationPage {
    requireK(k);
    const { filter, offset } = checkPage(options);
    const context = checkContext(options.context);
    const placement = options.placement == null ? DEFAULT_PLACEMENT : checkLabel(options.placement, "placement");
    const sessionId = options.sessionId == null ? null : requireId(options.sessionId, "sessionId");
    const mixed = options.mix?.buyAgain ?? 0;
    if (!Number.isInteger(mixed) || mixed < 0 || mixed > MAX_MIX)
      throw new InvalidInputError(`mix.buyAgain must be an integer from 0 to ${MAX_MIX}, got ${mixed}`);
    // A customer the service has never seen is answered as an anonymous visit: by what the visit tells.
    let id: string | null = null;
    const given = customerId == null ? null : requireId(customerId, "customerId");
    if (given !== null && this.store.customers.exists(given)) id = given;
    const model = this.holder.latest();
    const assignment = this.experiments.assign(placement, given, sessionId);
    const arm = assignment?.arm ?? null;
    const rules = ActiveRules.of(model, this.state.rules(), {
      query: "recommendations",
      placement,
      ruleSets: arm?.ruleSets ?? [],
      now: Date.now(),
      segment: () => (id === null ? null : (this.store.segments.rfm(model.id, id)?.label ?? null)),
      cluster: () => (id === null ? null : (this.store.segments.clusterOf(model.id, id) ?? null)),
    });
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
    const buried = rules.removeInto(skip);
    const excluded = rules.empty ? skip : skip.slice();

    // One more than the page, to tell whether another page follows.
    const length = offset + k + 1;
    const ranking = new Ranking(model, skip, length + extraCandidates(rules, length), rules);
    const ranker = arm === null || arm.ranker === "popularity" ? undefined : armRanker(model, arm);
    // What fills the list, in order: run again for each promotion's pool.
    const steps: ((r: Ranking) => void)[] = [];
    if (model.popularityOnly || arm?.ranker === "popularity") {
      // Tuning found that popularity ranks this shop's purchases best (or the arm is a popularity control).
    } else if (viewed.length > 0) {
      // This visit's views on top of what the customer did before (nothing, for an anonymous visitor).
      const own: CustomerRow = id === null ? { items: [], weights: [] } : customerRow(this.store, model, id);
      const row = { items: [...own.items, ...viewed], weights: [...own.weights, ...viewed.map(() => model.params.eventWeights.view)] };
      const explainer = ranking.score(model.foldInRow(row), () => row, ranker);
      steps.push((r) => r.byScores(explainer, id === null ? "session" : "personalized"));
    } else if (id !== null) {
      // Every customer the model has a vector for is ranked by it, however short their history: on a
      // shop of one or two purchases per customer the tuned ranker serves them better than their
      // cluster's favourites (NDCG@10 0.059 against 0.015 for two products, 0.033 against 0.022 for one),
      // and it is the ranker tuning scored. The cluster answers only for a customer without one.
      const vector = model.customerVector(id);
      if (vector !== undefined && vector.some((v) => v !== 0)) {
        const explainer = ranking.score(vector, () => customerRow(this.store, model, id), ranker);
        steps.push((r) => r.byScores(explainer, "personalized"));
      } else {
        const clusterId = this.store.segments.clusterOf(model.id, id);
        const cluster = clusterId === undefined ? undefined : this.clusters.of(model.id).get(clusterId);
        if (cluster) steps.push((r) => r.byCluster(cluster));
      }
    } else if (context) {
      const cluster = nearestClusterByBrowsing(this.clusters.of(model.id).values(), context);
      if (cluster) steps.push((r) => r.byCluster(cluster));
    }
    steps.push((r) => r.byPopularity());
    for (const step of steps) step(ranking);
    ranking.byBuried(buried);
    const ranked = arrangeList(model, ranking.items, {
      rules,
      length,
      excluded,
      pinnable: (i) => !excluded[i] || buried?.[i] === 1,
      pool: (poolSkip, wanted) => {
        const pool = new Ranking(model, poolSkip, wanted, rules);
        for (const step of steps) step(pool);
        return pool.items;
      },
      make: (index) => ({
        product: model.productRecords[index],
        score: model.popularity[index],
        source: "rule" as const,
        recommendationId: "",
        position: 0,
        index,
        rules: [],
      }),
    });
    const list = mixed > 0 && id !== null ? this.withBuyAgain(model, id, mixed, ranked, rules, options) : ranked;
    const page = pageOf(list.slice(offset), offset, k);
    const { items } = page;
    const recommendationId = this.attribution.newListId();
    items.forEach((item, i) => {
      item.recommendationId = recommendationId;
      item.position = offset + i + 1;
    });
    this.attribution.served({
      id: recommendationId,
      servedAt: Date.now(),
      placement,
      customerId: id,
      firstPosition: offset + 1,
      items: items.map((r) => ({ productId: r.product.id, source: r.source })),
      experimentId: assignment?.experimentId ?? null,
      arm: arm?.name ?? null,
    });
    giveMask(model, skip);
    return { ...page, recommendationId, experimentId: assignment?.experimentId ?? null, arm: arm?.name ?? null };
  }

  /**
   * The customer's `slots` products most likely bought again (buyAgain, with the same filter and
   * placement), ahead of the ranked list, which keeps its order without them. Products the
   * recommendations' exclusion rules (or buries to the end) leave out are not among them.
   */
  private withBuyAgain(
    model: LiveModel,
    id: string,
    slots: number,
    ranked: Recommendation[],
    rules: ActiveRules,
    options: RecommendationOptions,
  ): Recommendation[] {
    const ruledOut = new Uint8Array(model.productCount);
    rules.removeInto(ruledOut);
    const again = this.buyAgain
      .buyAgain(id, slots, { filter: options.filter, placement: options.placement })
      .items.filter((item) => !ruledOut[item.index] && item.index < model.productCount);
    const chosen = new Set(again.map((item) => item.index));
    return [
      ...again.map((item) => ({
        product: item.product,
        score: item.probability,
        source: "buyAgain" as const,
        recommendationId: "",
        position: 0,
        index: item.index,
        rules: item.rules,
      })),
      ...ranked.filter((r) => !chosen.has(r.index)),
    ];
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
