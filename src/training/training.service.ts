/**
 * Training: the store's interactions → a weight matrix on dense indices → ALS, popularity, item
 * neighbours (when the ranker uses them) and RFM →
 * a new model version in the store, written atomically.
 */
import { DEFAULT_EVENT_WEIGHTS } from "../domain/records";
import { type AlsIteration, DEFAULT_ALS_OPTIONS, trainAls } from "../model/als";
import { DEFAULT_RULE_THRESHOLDS, mineRules, type RuleThresholds } from "../model/basket";
import { DEFAULT_CLUSTERING_OPTIONS } from "../model/behaviour-clusters";
import { csrFromTriples } from "../model/csr";
import { GrowableInt32 } from "../model/growable";
import { fitItemKnn } from "../model/item-knn";
import { bm25Matrix, countWeightsOf } from "../model/count-weighting";
import { ALS_RANKER } from "../model/ranker";
import { dayAfter, rfmFigures, type RfmThresholds, rfmThresholds, scoreRfm } from "../model/rfm";
import { IdIndex, type ModelSettings, type ModelStats, type RfmRow, type RuleRow, type Store, type StoredTuning } from "../store";
import { threadsFor, withAlsThreads } from "../runtime/als-threads";
import { clusterCustomers } from "./clustering.service";
import { countRepurchases } from "./repurchase.service";
import { DEFAULT_ANN_MIN_PRODUCTS, DEFAULT_ANN_OPTIONS, type AnnOptions } from "../model/ann-index";
import type { AnnTuningOptions } from "../model/ann-tuning";
import { buildGraphs } from "./ann-graphs";
import { type ImportedFactors, placeFactors } from "./imported-factors";
import { customerRowTerms, loadWeightMatrix } from "./weight-matrix";

/** A training run's settings: what the model version records, and what only this run uses. */
export interface TrainingOptions extends ModelSettings {
  /** RFM reference date (ms); by default the day after the last purchase in the imported data (live purchases do not move it). */
  referenceDate?: number;
  /** Fixed RFM score thresholds, per figure; the figures not given use the customers' own quintiles. */
  rfmThresholds?: Partial<RfmThresholds>;
  /** Where the data came from, recorded with the model. */
  source?: Record<string, unknown>;
  /** Threads that solve ALS rows (default: every core, for problems big enough to gain); the model is the same whatever the number. */
  threads?: number;
  /**
   * Factors trained elsewhere (Spark MLlib), used instead of training ALS here: everything else
   * (rules, RFM, clusters, neighbours, repurchase priors) is computed as usual, on the interactions
   * up to their data cut. `factors` must be their rank.
   */
  factorsFrom?: ImportedFactors;
  /** Build an HNSW graph over the products for ANN serving from this many products on (default DEFAULT_ANN_MIN_PRODUCTS; Infinity: never). */
  annMinProducts?: number;
  annOptions?: AnnOptions;
  /** How the graphs are measured and set at build (model/ann-tuning.ts; default DEFAULT_ANN_TUNING). */
  annTuning?: Partial<AnnTuningOptions>;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  ...DEFAULT_ALS_OPTIONS,
  eventWeights: DEFAULT_EVENT_WEIGHTS,
  recencyHalfLifeDays: 0,
  ruleThresholds: DEFAULT_RULE_THRESHOLDS,
  clustering: DEFAULT_CLUSTERING_OPTIONS,
  ranker: ALS_RANKER,
};

/** What a training run reports: the new version's id, its figures, and how many customers it segmented and clusters it found. */
export type TrainingSummary = Pick<
  ModelStats,
  | "customers"
  | "products"
  | "interactions"
  | "outOfBounds"
  | "pairs"
  | "seconds"
  | "secondsPerIteration"
  | "finalLoss"
  | "baskets"
  | "rules"
  | "ruleSeconds"
  | "ann"
> & {
  modelId: number;
  segmentedCustomers: number;
  clusters: number;
  /** With factorsFrom: the customers and products the import had no factors for, solved here. */
  imported?: { solvedCustomers: number; solvedProducts: number };
};

export interface TrainingProgress {
  onStart?(info: { customers: number; products: number; pairs: number; iterations: number }): void;
  onIteration?(info: AlsIteration): void;
}

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

/**
 * Trains a model version on everything in the store and saves it. `tuning`, when the settings came
 * from a tuning run, is recorded with the model (its validation metrics); otherwise `untunedReason`
 * says why they were not tuned.
 */
export function trainFromStore(
  store: Store,
  options: TrainingOptions,
  progress: TrainingProgress = {},
  tuning: StoredTuning | null = null,
  untunedReason: string | null = null,
): TrainingSummary {
  const started = performance.now();
  // Everything the version is made of is read from one state of the file (one read transaction), so
  // what the API records or an import changes meanwhile is in none of it. The data cut
  // (ModelHeader.lastInteractionId) is that state's newest interaction: what the API records later gets
  // larger ids, and a server re-applies it when it swaps this version in.
  const read = store.snapshot(() => {
    const newest = store.interactions.maxId();
    const given = options.factorsFrom;
    if (given && given.upToId > newest)
      throw new Error(`the factors learned from interactions up to id ${given.upToId}; this file holds up to ${newest}`);
    const lastInteractionId = given?.upToId ?? newest;
    const matrix = loadWeightMatrix(store, options, { upToId: lastInteractionId }, { withPairTerms: true });
    const pairs = matrix.weights.indices.length;
    if (pairs === 0) throw new Error("no interactions with a positive weight to train on; import some data first");
    progress.onStart?.({ customers: matrix.customers.size, products: matrix.products.size, pairs, iterations: options.iterations });

    // The RFM reference date: as given, or the day after the imported data's last purchase. Purchases
    // recorded live do not move it, so a retrain does not shift every customer's recency.
    const summaries = store.interactions.purchaseSummaries(lastInteractionId);
    const lastPurchase = store.interactions.lastImportedPurchase(lastInteractionId);
    const referenceDate = options.referenceDate ?? (summaries.length > 0 && lastPurchase !== null ? dayAfter(lastPurchase) : null);
    const figures = summaries.map((s) => rfmFigures(s, referenceDate ?? s.lastPurchase));
    const thresholds: RfmThresholds = { ...rfmThresholds(figures), ...options.rfmThresholds };
    const rfm: RfmRow[] =
      referenceDate === null ? [] : scoreRfm(figures, thresholds).map((score, i) => ({ customerId: summaries[i].customerId, ...score }));
    return {
      lastInteractionId,
      ...matrix,
      referenceDate,
      thresholds,
      rfm,
      mined: mineStoreRules(store, options.ruleThresholds),
      clustering: clusterCustomers(store, rfm, options.clustering),
      interactions: store.interactions.count(),
      outOfBounds: store.interactions.countOutOfBounds(lastInteractionId),
      repurchase: countRepurchases(store, { upToId: lastInteractionId }),
    };
  });
  const { lastInteractionId, customers, products, weights, reference, pairTerms, referenceDate, thresholds, rfm, mined, clustering } = read;
  const pairCount = weights.indices.length;

  // What the model learns from: the summed weights, weighed by BM25 when the settings say so (fold-in
  // weighs each row with the same figures: the products' buyers and the mean row sum stored below).
  const counts = countWeightsOf(weights);
  const learned = options.countWeighting === "bm25" ? bm25Matrix(weights, counts) : weights;
  const threads = threadsFor(options.threads, pairCount, options);
  const given = options.factorsFrom;
  if (given && given.rank !== options.factors)
    throw new Error(`the imported factors have rank ${given.rank}, the settings ${options.factors}`);
  const placed = given ? placeFactors(learned, customers, products, given, options) : null;
  const als = placed
    ? { ...placed, history: [] }
    : withAlsThreads(threads, (runtime) => trainAls(learned, options, progress.onIteration, runtime));

  // Item-kNN neighbour lists, fitted on the same weights, when the ranker blends them in.
  const neighbours = options.ranker.itemKnn > 0 ? fitItemKnn(learned, options.ranker.knn).neighbours : undefined;

  // HNSW graphs for ANN serving, over the vectors as the version stores them (float32).
  const annOptions = options.annOptions ?? DEFAULT_ANN_OPTIONS;
  const ann =
    products.size >= (options.annMinProducts ?? DEFAULT_ANN_MIN_PRODUCTS)
      ? buildGraphs(products.ids, Float32Array.from(als.itemFactors), als.userFactors, options.factors, annOptions, options.annTuning)
      : null;

  const buyers = new Int32Array(products.size);
  for (const c of weights.indices) buyers[c]++;

  const seconds = (performance.now() - started) / 1000;
  const trainSeconds = als.history.reduce((s, h) => s + h.seconds, 0);
  const finalLoss = placed?.loss ?? als.history.at(-1)?.loss ?? Number.NaN;
  const {
    source,
    referenceDate: _ref,
    rfmThresholds: _fixed,
    threads: _threads,
    factorsFrom: _given,
    annMinProducts: _ann,
    annOptions: _annOptions,
    annTuning: _annTuning,
    ...params
  } = options;
  const thresholdSource = (figure: keyof RfmThresholds) => (options.rfmThresholds?.[figure] ? "configured" : "quintiles");
  const stats: ModelStats = {
    dataEnd: reference,
    customers: customers.size,
    products: products.size,
    interactions: read.interactions,
    outOfBounds: read.outOfBounds,
    pairs: pairCount,
    seconds,
    secondsPerIteration: trainSeconds / Math.max(1, als.history.length),
    finalLoss,
    lossHistory: als.history.map((h) => h.loss),
    baskets: mined.baskets,
    rules: mined.rules.length,
    ruleSeconds: mined.seconds,
    rfmThresholds: thresholds,
    clustering: clustering?.info ?? null,
    clusterPlacement: clustering?.placement ?? null,
    rfmThresholdSource: {
      recency: thresholdSource("recency"),
      frequency: thresholdSource("frequency"),
      monetary: thresholdSource("monetary"),
    },
    tuning: tuning ? { tunedAt: new Date(tuning.createdAt).toISOString(), validation: tuning.validation, ...tuning.details } : null,
    untunedReason: tuning ? null : untunedReason,
    meanRowSum: counts.meanRowSum,
    buyAgain: { orderGapDays: read.repurchase.orderGapDays, pairs: read.repurchase.pairs, datedPairs: read.repurchase.datedPairs },
    ann: ann ? { products: products.size, seconds: ann.seconds, options: annOptions, graphs: ann.tunings } : null,
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
    neighbours,
    repurchase: read.repurchase.products,
    ann: ann?.graphs,
  });
  return {
    modelId,
    customers: customers.size,
    products: products.size,
    interactions: stats.interactions,
    outOfBounds: stats.outOfBounds,
    pairs: pairCount,
    seconds: (performance.now() - started) / 1000,
    secondsPerIteration: stats.secondsPerIteration,
    finalLoss,
    segmentedCustomers: rfm.length,
    baskets: mined.baskets,
    rules: mined.rules.length,
    ruleSeconds: mined.seconds,
    ann: stats.ann,
    clusters: clustering?.clusters.length ?? 0,
    ...(placed ? { imported: { solvedCustomers: placed.solvedCustomers, solvedProducts: placed.solvedProducts } } : {}),
  };
}
