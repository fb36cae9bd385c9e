/**
 * Training: the store's interactions → a weight matrix on dense indices → ALS, popularity and RFM →
 * a new model version in the store, written atomically.
 */
import { type AlsIteration, type AlsOptions, DEFAULT_ALS_OPTIONS, trainAls } from "../model/als";
import { type Csr, csrFromTriples } from "../model/csr";
import { type RfmFigures, type RfmThresholds, rfmThresholds, scoreRfm } from "../model/rfm";
import { DEFAULT_EVENT_WEIGHTS, type EventWeights } from "../domain/records";
import { DEFAULT_RULE_THRESHOLDS, mineRules, type RuleThresholds } from "../model/basket";
import {
  type CustomerRowTerms,
  IdIndex,
  type InteractionFilter,
  type PurchaseSummary,
  type RfmRow,
  type RuleRow,
  type Store,
  type StoredTuning,
} from "../store";
import { GrowableFloat64, GrowableInt32 } from "../model/growable";
import { recencyFactor } from "../model/recency";
import { type ClusteringOptions, clusterCustomers, DEFAULT_CLUSTERING_OPTIONS } from "./segmentation.service";

export interface TrainingOptions extends AlsOptions, WeightingOptions {
  /** Which association rules to keep (see model/basket.ts). */
  ruleThresholds: RuleThresholds;
  /** Behaviour clusters (see segmentation.service.ts). */
  clustering: ClusteringOptions;
  /** RFM reference date (ms); by default the day after the last purchase in the data. */
  referenceDate?: number;
  /** Fixed RFM score thresholds, per figure; the figures not given use the customers' own quintiles. */
  rfmThresholds?: Partial<RfmThresholds>;
  /** Where the data came from, recorded with the model. */
  source?: Record<string, unknown>;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  ...DEFAULT_ALS_OPTIONS,
  eventWeights: DEFAULT_EVENT_WEIGHTS,
  recencyHalfLifeDays: 0,
  ruleThresholds: DEFAULT_RULE_THRESHOLDS,
  clustering: DEFAULT_CLUSTERING_OPTIONS,
};

export interface TrainingSummary {
  modelId: number;
  customers: number;
  products: number;
  interactions: number;
  /** Customer–product pairs with a positive weight: the non-zeros ALS learns from. */
  pairs: number;
  seconds: number;
  secondsPerIteration: number;
  finalLoss: number;
  segmentedCustomers: number;
  baskets: number;
  rules: number;
  ruleSeconds: number;
  clusters: number;
}

const DAY_MS = 86_400_000;

/** RFM figures of one customer's purchases against a reference date. */
export function rfmFigures(summary: PurchaseSummary, referenceDate: number): RfmFigures {
  return {
    recencyDays: Math.max(0, Math.floor((referenceDate - summary.lastPurchase) / DAY_MS)),
    frequency: summary.orders,
    monetary: Math.round(summary.spend * 100) / 100,
  };
}

/** Start of the UTC day after `time`. */
export function dayAfter(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS + DAY_MS;
}

export interface TrainingProgress {
  onStart?(info: { customers: number; products: number; pairs: number; iterations: number }): void;
  onIteration?(info: AlsIteration): void;
}

export interface WeightMatrix {
  customers: IdIndex;
  products: IdIndex;
  /** customers × products, the summed positive weight of each pair. */
  weights: Csr;
  /** The reference time of recency weighting: the newest interaction included (ms), or null. */
  reference: number | null;
  /** Every pair's sum, of any sign and split for recency; only when asked for (`withPairTerms`). */
  pairTerms?: PairTerms;
}

/**
 * Every customer–product pair's summed weight, also those that net to ≤ 0, in (customer, product)
 * order: `decaying` is the timed part decayed to the reference, `fixed` the part recency leaves alone.
 */
export interface PairTerms {
  customerIds: string[];
  productIds: string[];
  decaying: Float64Array;
  fixed: Float64Array;
}

export interface WeightingOptions {
  eventWeights: EventWeights;
  /** Half-life of recency weighting in days; 0 turns it off. */
  recencyHalfLifeDays: number;
}

export interface WeightMatrixOptions {
  /** Use these indices: pairs of customers or products not in them are left out (to compare weightings on one index). */
  indices?: { customers: IdIndex; products: IdIndex };
  /** Also return every pair's terms (see PairTerms), as a model version stores them for fold-in. */
  withPairTerms?: boolean;
}

/**
 * The customer × product weight matrix over the filtered interactions: each order's weight, decayed by
 * its age before the newest included interaction, summed per pair; pairs that net to ≤ 0 are left out.
 */
export function loadWeightMatrix(
  store: Store,
  weighting: WeightingOptions,
  filter: InteractionFilter,
  options: WeightMatrixOptions = {},
): WeightMatrix {
  const { indices, withPairTerms = false } = options;
  const reference = store.interactions.latestTime(filter);
  const customers = indices?.customers ?? new IdIndex();
  const products = indices?.products ?? new IdIndex();
  const rows = new GrowableInt32();
  const cols = new GrowableInt32();
  const values = new GrowableFloat64();
  const terms = { customerIds: [] as string[], productIds: [] as string[], decaying: new GrowableFloat64(), fixed: new GrowableFloat64() };
  const decays = weighting.recencyHalfLifeDays > 0;
  let currentCustomer = "";
  let currentProduct = "";
  let sum = 0;
  let decayingSum = 0;
  let fixedSum = 0;
  let seen = false;
  const flush = () => {
    if (sum > 0) {
      const u = indices ? customers.indexOf(currentCustomer) : customers.add(currentCustomer);
      const i = indices ? products.indexOf(currentProduct) : products.add(currentProduct);
      if (u !== undefined && i !== undefined) {
        rows.push(u);
        cols.push(i);
        values.push(sum);
      }
    }
    if (withPairTerms && seen) {
      terms.customerIds.push(currentCustomer);
      terms.productIds.push(currentProduct);
      terms.decaying.push(decayingSum);
      terms.fixed.push(fixedSum);
    }
    sum = 0;
    decayingSum = 0;
    fixedSum = 0;
  };
  store.interactions.forEachOrderEvent(weighting.eventWeights, filter, ({ customerId, productId, weight, time }) => {
    if (customerId !== currentCustomer || productId !== currentProduct) {
      flush();
      currentCustomer = customerId;
      currentProduct = productId;
      seen = true;
    }
    const decayed = weight * recencyFactor(time, reference ?? 0, weighting.recencyHalfLifeDays);
    sum += decayed;
    if (decays && time !== null) decayingSum += decayed;
    else fixedSum += weight;
  });
  flush();
  const weights = csrFromTriples(customers.size, products.size, rows.view(), cols.view(), values.view(), 0);
  const pairTerms = withPairTerms
    ? { customerIds: terms.customerIds, productIds: terms.productIds, decaying: terms.decaying.view(), fixed: terms.fixed.view() }
    : undefined;
  return { customers, products, weights, reference, ...(pairTerms && { pairTerms }) };
}

/**
 * Each customer's row as a model version stores it: their pair terms on the trained products, by
 * product index. Pairs with products the model has no vector for are left out, as fold-in leaves them.
 */
export function customerRowTerms(terms: PairTerms, products: IdIndex): CustomerRowTerms[] {
  const out: CustomerRowTerms[] = [];
  const n = terms.customerIds.length;
  for (let start = 0; start < n;) {
    const customerId = terms.customerIds[start];
    let end = start;
    while (end < n && terms.customerIds[end] === customerId) end++;
    const pairs: [number, number][] = [];
    for (let p = start; p < end; p++) {
      const idx = products.indexOf(terms.productIds[p]);
      if (idx !== undefined) pairs.push([idx, p]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    if (pairs.length > 0) {
      const column = (values: Float64Array) => {
        const picked = Float64Array.from(pairs, ([, p]) => values[p]);
        return picked.some((v) => v !== 0) ? picked : null;
      };
      out.push({ customerId, items: Int32Array.from(pairs, ([idx]) => idx), decaying: column(terms.decaying), fixed: column(terms.fixed) });
    }
    start = end;
  }
  return out;
}

/**
 * Trains a model version on everything in the store and saves it. `tuning`, when the settings came
 * from a tuning run, is recorded with the model (its validation metrics).
 */
/** Association rules between products over every basket in the store (see model/basket.ts). */
export function mineStoreRules(store: Store, thresholds: RuleThresholds): { rules: RuleRow[]; baskets: number; seconds: number } {
  const started = performance.now();
  const products = new IdIndex();
  const rows = new GrowableInt32();
  const cols = new GrowableInt32();
  let basketCount = 0;
  let current: string | null = null;
  store.interactions.forEachBasketItem((basket, productId) => {
    if (basket !== current) {
      current = basket;
      basketCount++;
    }
    rows.push(basketCount - 1);
    cols.push(products.add(productId));
  });
  const ones = new Float64Array(rows.length).fill(1);
  const matrix = csrFromTriples(basketCount, products.size, rows.view(), cols.view(), ones);
  const { rules } = mineRules(matrix, thresholds);
  return {
    rules: rules.map((r) => ({ ...r, antecedent: products.idAt(r.antecedent), consequent: products.idAt(r.consequent) })),
    baskets: basketCount,
    seconds: (performance.now() - started) / 1000,
  };
}

export function trainFromStore(
  store: Store,
  options: TrainingOptions,
  progress: TrainingProgress = {},
  tuning: StoredTuning | null = null,
): TrainingSummary {
  const started = performance.now();
  const lastInteractionId = store.interactions.maxId();
  const { customers, products, weights, reference, pairTerms } = loadWeightMatrix(
    store,
    options,
    { upToId: lastInteractionId },
    { withPairTerms: true },
  );
  const pairCount = weights.indices.length;
  if (pairCount === 0) throw new Error("no interactions with a positive weight to train on; import some data first");
  progress.onStart?.({ customers: customers.size, products: products.size, pairs: pairCount, iterations: options.iterations });

  const als = trainAls(weights, options, progress.onIteration);

  const buyers = new Int32Array(products.size);
  for (const c of weights.indices) buyers[c]++;

  const summaries = store.interactions.purchaseSummaries(lastInteractionId);
  let lastPurchase = -Infinity;
  for (const s of summaries) lastPurchase = Math.max(lastPurchase, s.lastPurchase);
  const referenceDate = options.referenceDate ?? (summaries.length > 0 ? dayAfter(lastPurchase) : null);
  const figures = summaries.map((s) => rfmFigures(s, referenceDate ?? s.lastPurchase));
  const thresholds: RfmThresholds = { ...rfmThresholds(figures), ...options.rfmThresholds };
  const rfm: RfmRow[] =
    referenceDate === null ? [] : scoreRfm(figures, thresholds).map((score, i) => ({ customerId: summaries[i].customerId, ...score }));

  const mined = mineStoreRules(store, options.ruleThresholds);
  const clustering = clusterCustomers(store, rfm, options.clustering);

  const seconds = (performance.now() - started) / 1000;
  const trainSeconds = als.history.reduce((s, h) => s + h.seconds, 0);
  const finalLoss = als.history.at(-1)?.loss ?? Number.NaN;
  const { source, referenceDate: _ref, rfmThresholds: _fixed, ...params } = options;
  const stats = {
    /** The newest interaction trained on: the reference time of recency weighting. */
    dataEnd: reference,
    customers: customers.size,
    products: products.size,
    interactions: store.interactions.count(),
    pairs: pairCount,
    seconds,
    secondsPerIteration: trainSeconds / Math.max(1, als.history.length),
    finalLoss,
    lossHistory: als.history.map((h) => h.loss),
    baskets: mined.baskets,
    rules: mined.rules.length,
    ruleSeconds: mined.seconds,
    /** The RFM score thresholds used, so that live purchases are scored the same way. */
    rfmThresholds: thresholds,
    clustering: clustering?.info ?? null,
    /** How to place a customer into these clusters live (see segmentation.service.ts). */
    clusterPlacement: clustering?.placement ?? null,
    rfmThresholdSource: Object.fromEntries(
      (["recency", "frequency", "monetary"] as const).map((k) => [k, options.rfmThresholds?.[k] ? "configured" : "quintiles"]),
    ),
    tuning: tuning ? { tunedAt: new Date(tuning.createdAt).toISOString(), validation: tuning.validation, ...tuning.details } : null,
  };
  const modelId = store.models.save({
    factors: options.factors,
    params,
    stats,
    source: source ?? {},
    lastInteractionId,
    referenceDate,
    customerIds: customers.ids,
    customerFactors: als.userFactors,
    productIds: products.ids,
    productFactors: als.itemFactors,
    buyers,
    rfm,
    rules: mined.rules,
    clusters: clustering?.clusters ?? [],
    clusterOf: clustering?.clusterOf ?? [],
    customerRows: customerRowTerms(pairTerms!, products),
  });
  return {
    modelId,
    customers: customers.size,
    products: products.size,
    interactions: stats.interactions,
    pairs: pairCount,
    seconds: (performance.now() - started) / 1000,
    secondsPerIteration: stats.secondsPerIteration,
    finalLoss,
    segmentedCustomers: rfm.length,
    baskets: mined.baskets,
    rules: mined.rules.length,
    ruleSeconds: mined.seconds,
    clusters: clustering?.clusters.length ?? 0,
  };
}
