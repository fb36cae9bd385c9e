/**
 * Offline evaluation: train on the past, score the future.
 *
 * Protocols:
 * - temporal: train on everything before the cutoff; a customer's relevant set is the products they
 *   bought from the cutoff on and had not bought before it.
 * - last-basket: per customer, train on everything before their last purchase; the relevant set is
 *   what that last purchase held that they had not bought before.
 * - holdout: for data without usable times, a seeded random share of each customer's products
 *   (model/holdout.ts) is the relevant set, and every interaction with those products leaves training.
 * Only customers with training history are scored, and rankings leave out what the customer had
 * already bought. Relevant products that never occur in training count against every model (no
 * model can rank them).
 */
import type { AlsFactors, AlsOptions } from "../model/als";
import { trainAls } from "../model/als";
import { type Csr, csrFromTriples } from "../model/csr";
import { chooseHoldout, withoutHeldOut } from "../model/holdout";
import { DEFAULT_ITEM_KNN_OPTIONS, fitItemKnn, type ItemKnnOptions, itemPopularity } from "../model/item-knn";
import { ALS_RANKER, Ranker } from "../model/ranker";
import { bm25Matrix } from "../model/count-weighting";
import { MetricAccumulator, type MetricSummary, rankingMetrics } from "../model/metrics";
import { topK } from "../model/top-k";
import { type IdIndex, type InteractionFilter, intersectFilters, type Store } from "../store";
import { loadWeightMatrix, type WeightingOptions } from "./weight-matrix";
import { threadsFor, withAlsThreads } from "../runtime/als-threads";

export type Protocol = { kind: "temporal"; cutoff: number } | { kind: "last-basket" } | { kind: "holdout"; fraction: number; seed: number };

export interface EvaluationSet {
  protocol: Protocol;
  customers: IdIndex;
  products: IdIndex;
  /** customers × products training weights, as the set was built (order counts; the baselines use these). */
  train: Csr;
  /**
   * The same training period under another weighting (recency, event weights), on the same customer
   * and product indices; memoized. Needs the store the set was built from to be open.
   */
  trainWith(weighting: WeightingOptions): Csr;
  /** customers × products: what each customer bought in the training period (left out of rankings). */
  bought: Csr;
  /** The customers scored, and for each, the products they went on to buy. Unseen products have negative ids. */
  testUsers: Int32Array;
  relevant: ReadonlySet<number>[];
  /** Held-out purchases of products that never occur in training. */
  unseenRelevant: number;
}

/** The interactions a protocol trains on, as a filter; a holdout trains on all of them but its held-out pairs. */
export function protocolFilter(protocol: Protocol): InteractionFilter {
  if (protocol.kind === "holdout") return {};
  return protocol.kind === "temporal" ? { before: protocol.cutoff } : { beforeOwnLastPurchase: true };
}

/**
 * Splits the store's interactions by the protocol; nothing after the split point reaches `train`.
 * With a `base` filter (the training period of an outer split, for tuning), only interactions in
 * `base` are used at all: training is base ∧ protocol, the held-out purchases base ∧ ¬protocol.
 */
export function buildEvaluationSet(
  store: Store,
  protocol: Protocol,
  weighting: WeightingOptions,
  base: InteractionFilter = {},
): EvaluationSet {
  if (protocol.kind === "holdout") return buildHoldoutSet(store, protocol, weighting, base);
  const filter = intersectFilters(base, protocolFilter(protocol));
  const { customers, products, weights: train } = loadWeightMatrix(store, weighting, filter);

  const bought = boughtMatrix(store, filter, customers, products);
  const boughtBefore = (u: number, i: number) => {
    for (let p = bought.indptr[u]; p < bought.indptr[u + 1]; p++) if (bought.indices[p] === i) return true;
    return false;
  };

  const relevantByUser = new Map<number, Set<number>>();
  const unseen = new Map<string, number>();
  let unseenRelevant = 0;
  for (const { customerId, productId } of store.interactions.heldOutPurchases(filter, base)) {
    const u = customers.indexOf(customerId);
    if (u === undefined) continue; // no training history: not scored
    let i = products.indexOf(productId);
    if (i === undefined) {
      if (!unseen.has(productId)) unseen.set(productId, -1 - unseen.size);
      i = unseen.get(productId)!;
      unseenRelevant++;
    } else if (boughtBefore(u, i)) continue;
    let set = relevantByUser.get(u);
    if (!set) relevantByUser.set(u, (set = new Set()));
    set.add(i);
  }
  const testUsers = Int32Array.from([...relevantByUser.keys()].sort((a, b) => a - b));
  return {
    protocol,
    customers,
    products,
    train,
    trainWith: memoizedWeighting(
      weighting,
      train,
      (other) => loadWeightMatrix(store, other, filter, { indices: { customers, products } }).weights,
    ),
    bought,
    testUsers,
    relevant: Array.from(testUsers, (u) => relevantByUser.get(u)!),
    unseenRelevant,
  };
}

/** The holdout protocol: all of `base`, but for each customer's held-out products, which are their relevant set. */
function buildHoldoutSet(
  store: Store,
  protocol: Extract<Protocol, { kind: "holdout" }>,
  weighting: WeightingOptions,
  base: InteractionFilter,
): EvaluationSet {
  const all = loadWeightMatrix(store, weighting, base);
  const { customers, products } = all;
  const everBought = boughtMatrix(store, base, customers, products);
  const held = chooseHoldout(everBought, customers.ids, protocol.fraction, protocol.seed);
  const train = withoutHeldOut(all.weights, held);
  const bought = withoutHeldOut(everBought, held);
  const trained = new Uint8Array(products.size);
  for (const i of train.indices) trained[i] = 1;
  const testUsers = Int32Array.from(held.flatMap((out, u) => (out.length > 0 ? [u] : [])));
  const relevant = Array.from(testUsers, (u) => new Set(held[u]));
  return {
    protocol,
    customers,
    products,
    train,
    trainWith: memoizedWeighting(weighting, train, (other) =>
      withoutHeldOut(loadWeightMatrix(store, other, base, { indices: { customers, products } }).weights, held),
    ),
    bought,
    testUsers,
    relevant,
    unseenRelevant: relevant.reduce((n, set) => n + [...set].filter((i) => !trained[i]).length, 0),
  };
}

/** customers × products: one entry per product each customer bought in `filter` (the values are not used). */
function boughtMatrix(store: Store, filter: InteractionFilter, customers: IdIndex, products: IdIndex): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  store.interactions.forEachPurchase(filter, (customerId, productId) => {
    const u = customers.indexOf(customerId);
    const i = products.indexOf(productId);
    if (u === undefined || i === undefined) return;
    rows.push(u);
    cols.push(i);
  });
  return csrFromTriples(
    customers.size,
    products.size,
    rows,
    cols,
    rows.map(() => 1),
  );
}

/** A set's trainWith: `load` for each weighting once, with `train` as `weighting`'s. */
function memoizedWeighting(weighting: WeightingOptions, train: Csr, load: (w: WeightingOptions) => Csr): (w: WeightingOptions) => Csr {
  const weighted = new Map<string, Csr>([[weightingKey({ ...weighting, countWeighting: "raw" }), train]]);
  const get = (other: WeightingOptions): Csr => {
    const key = weightingKey(other);
    let m = weighted.get(key);
    if (!m) {
      // BM25 weighs the raw counts of the same weighting (count-weighting.ts), as training does.
      m = other.countWeighting === "bm25" ? bm25Matrix(get({ ...other, countWeighting: "raw" })) : load(other);
      weighted.set(key, m);
    }
    return m;
  };
  return get;
}

function weightingKey(w: WeightingOptions): string {
  const e = w.eventWeights;
  return JSON.stringify([e.view, e.cart, e.purchase, e.quantityExponent, w.recencyHalfLifeDays, w.countWeighting ?? "raw"]);
}

/** Fills `out` with one score per product for a training-matrix user. */
export type Scorer = (user: number, out: Float32Array) => void;

export interface CandidateModel {
  name: string;
  fit(set: EvaluationSet, onProgress?: (done: number, total: number) => void): Scorer;
}

/** ALS with its own settings, including its own weighting of the training period. */
export function alsCandidate(options: AlsOptions & WeightingOptions & { threads?: number }, name = "ALS"): CandidateModel {
  return {
    name,
    fit(set, onProgress) {
      const train = set.trainWith(options);
      const model = withAlsThreads(threadsFor(options.threads, train.indices.length, options), (runtime) =>
        trainAls(train, options, (it) => onProgress?.(it.iteration, options.iterations), runtime),
      );
      return scorerOf(model);
    },
  };
}

/** Scores of every product for a user from trained factors (x_u · y_i), by the ranker serving runs, in single precision as served. */
function scorerOf(model: AlsFactors): Scorer {
  const k = model.factors;
  const ranker = new Ranker(ALS_RANKER, {
    products: model.items,
    itemFactors: new Float32Array(model.itemFactors),
    factors: k,
    neighbours: null,
    popularity: new Float32Array(model.items),
  });
  const users = new Float32Array(model.userFactors);
  return (user, out) => ranker.score(users.subarray(user * k, (user + 1) * k), noRow, out);
}

const noRow = () => ({ indices: [], sums: [] });

/** A candidate whose ALS factors are trained already (tuning trains them in steps). */
export function fittedAls(model: AlsFactors, name = "ALS"): CandidateModel {
  return { name, fit: () => scorerOf(model) };
}

export function popularityCandidate(): CandidateModel {
  return {
    name: "popularity",
    fit({ train }) {
      const popularity = itemPopularity(train);
      const ranker = new Ranker(
        { als: 0, itemKnn: 0, popularity: 1, knn: DEFAULT_ITEM_KNN_OPTIONS },
        { products: train.cols, itemFactors: null, factors: 0, neighbours: null, popularity },
      );
      return (_user, out) => ranker.score(null, noRow, out);
    },
  };
}

/** Item-kNN alone, as serving ranks by it (with a trace of popularity ordering what no neighbour scores). */
export function itemKnnCandidate(options: ItemKnnOptions): CandidateModel {
  return {
    name: `item-kNN (${options.weighting}, K=${options.neighbours})`,
    fit({ train }) {
      const ranker = new Ranker(
        { als: 0, itemKnn: 1, popularity: 0, knn: options },
        { products: train.cols, itemFactors: null, factors: 0, neighbours: fitItemKnn(train, options), popularity: itemPopularity(train) },
      );
      return (user, out) => {
        const start = train.indptr[user];
        const end = train.indptr[user + 1];
        ranker.score(null, () => ({ indices: train.indices.subarray(start, end), sums: train.data.subarray(start, end) }), out);
      };
    },
  };
}

export interface ModelResult {
  model: string;
  fitSeconds: number;
  metrics: MetricSummary[];
  /** Each test customer's NDCG at the first k, in the set's testUsers order (for paired comparisons). */
  customerNdcg: Float64Array;
}

export interface EvaluationProgress {
  onFit?(model: string, done: number, total: number): void;
  onScore?(model: string, done: number, total: number): void;
}

/** Fits each model on the training part and scores every test user at each k. */
export function evaluateModels(
  set: EvaluationSet,
  models: readonly CandidateModel[],
  ks: readonly number[],
  progress: EvaluationProgress = {},
): ModelResult[] {
  const maxK = Math.max(...ks);
  const n = set.products.size;
  const scores = new Float32Array(n);
  const skip = new Uint8Array(n);
  return models.map((candidate) => {
    const started = performance.now();
    const scorer = candidate.fit(set, (done, total) => progress.onFit?.(candidate.name, done, total));
    const fitSeconds = (performance.now() - started) / 1000;
    const accumulators = ks.map((k) => new MetricAccumulator(k, n));
    const customerNdcg = new Float64Array(set.testUsers.length);
    set.testUsers.forEach((u, t) => {
      scorer(u, scores);
      for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 1;
      const ranked = topK(scores, maxK, skip).map((r) => r.index);
      for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 0;
      for (const acc of accumulators) acc.add(ranked, set.relevant[t]);
      customerNdcg[t] = rankingMetrics(ranked, set.relevant[t], ks[0]).ndcg;
      if (t % 200 === 0 || t === set.testUsers.length - 1) progress.onScore?.(candidate.name, t + 1, set.testUsers.length);
    });
    return { model: candidate.name, fitSeconds, metrics: accumulators.map((a) => a.summary()), customerNdcg };
  });
}
