/**
 * Choosing what serves a shop: tuned ALS, item-kNN, popularity or a blend of them, whichever ranks
 * the validation split's held-out purchases best. On some shops (a small grocery catalogue, a few
 * products everyone buys) popularity or item-kNN beat any ALS; the service notices and serves those.
 */
import { type AlsFactors, type AlsOptions, trainAls } from "../model/als";
import { fitItemKnn, type ItemKnnModel, type ItemKnnOptions, itemPopularity } from "../model/item-knn";
import { MetricAccumulator, type MetricSummary, rankingMetrics } from "../model/metrics";
import type { Csr } from "../model/csr";
import { blendWeights, type ItemRow, Ranker, rankerKind, type RankerKind, rankerName, type RankerSettings } from "../model/ranker";
import { topK } from "../model/top-k";
import { threadsFor, withAlsThreads } from "../runtime/als-threads";
import type { CandidateModel, EvaluationSet } from "./evaluation.service";
import type { WeightingOptions } from "./weight-matrix";

/** The item-kNN variants compared, and blended with the others. */
export const KNN_CHOICES: readonly ItemKnnOptions[] = [
  { neighbours: 50, weighting: "bm25", k1: 1.2, b: 0.75 },
  { neighbours: 50, weighting: "cosine", k1: 1.2, b: 0.75 },
];

/** Blend weights tried for each item-kNN variant: (ALS, item-kNN, popularity). */
const BLENDS: readonly [number, number, number][] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0.1],
  [1, 0, 0.25],
  [1, 0, 0.5],
  [1, 0, 1],
  [1, 0.25, 0],
  [1, 0.5, 0],
  [1, 1, 0],
  [0, 1, 0.1],
  [0, 1, 0.25],
  [0, 1, 0.5],
  [1, 0.5, 0.25],
];

export interface RankerResult {
  name: string;
  kind: RankerKind;
  ranker: RankerSettings;
  /** Validation NDCG@10. */
  ndcg10: number;
  /** Each scored customer's validation NDCG@10, in the set's testUsers order. */
  customerNdcg10: Float64Array;
}

export interface RankerSelection {
  /** The ranker to serve: the best on validation (ALS when nothing beats it). */
  best: RankerResult;
  /** Every ranker compared, best first. */
  results: RankerResult[];
  /** The chosen ranker's validation metrics at k = 10 and 20. */
  validation: MetricSummary[];
}

/**
 * Scores every ranker on the set's validation purchases in one pass over the customers: ALS from the
 * given factors (trained on the set with `weighting`), item-kNN fitted on the same weights.
 */
export function selectRanker(
  set: EvaluationSet,
  als: AlsFactors,
  weighting: WeightingOptions,
  knnChoices: readonly ItemKnnOptions[] = KNN_CHOICES,
): RankerSelection {
  const train = set.trainWith(weighting);
  const n = set.products.size;
  const k = als.factors;
  const itemFactors = new Float32Array(als.itemFactors);
  const knns: ItemKnnModel[] = knnChoices.map((options) => fitItemKnn(train, options));
  const popularity = itemPopularity(set.train);

  // Distinct rankers only: the kNN-free blends once, the others once per kNN variant.
  const rankers: RankerSettings[] = [];
  const knnOf: number[] = [];
  const seen = new Set<string>();
  knnChoices.forEach((knn, v) =>
    BLENDS.forEach(([a, b, c]) => {
      const key = b > 0 ? `${a},${b},${c},${v}` : `${a},0,${c}`;
      if (seen.has(key)) return;
      seen.add(key);
      rankers.push({ als: a, itemKnn: b, popularity: c, knn });
      knnOf.push(v);
    }),
  );

  const ks = [10, 20];
  const accumulators = rankers.map(() => ks.map((cut) => new MetricAccumulator(cut, n)));
  const perCustomer = rankers.map(() => new Float64Array(set.testUsers.length));
  // One ranker per item-kNN variant, each scoring every part once per customer for all the blends.
  const everything = { als: 1, itemKnn: 1, popularity: 1 };
  const scorers = knns.map(
    (neighbours, v) => new Ranker({ ...everything, knn: knnChoices[v] }, { products: n, itemFactors, factors: k, neighbours, popularity }),
  );
  const blended = new Float32Array(n);
  const skip = new Uint8Array(n);
  // In single precision, as the model file stores customer vectors and serving scores them.
  const users = new Float32Array(als.userFactors);
  set.testUsers.forEach((u, t) => {
    const x = users.subarray(u * k, (u + 1) * k);
    const row = trainRow(train, u);
    scorers.forEach((scorer) => scorer.scoreParts(x, row, everything));
    for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 1;
    rankers.forEach((r, index) => {
      scorers[knnOf[index]].blend(blendWeights(r), blended);
      const ranked = topK(blended, 20, skip).map((x) => x.index);
      for (const acc of accumulators[index]) acc.add(ranked, set.relevant[t]);
      perCustomer[index][t] = rankingMetrics(ranked, set.relevant[t], 10).ndcg;
    });
    for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 0;
  });

  const summaries = accumulators.map((accs) => accs.map((a) => a.summary()));
  const results = rankers.map((ranker, index) => ({
    name: rankerName(ranker),
    kind: rankerKind(ranker),
    ranker,
    ndcg10: summaries[index][0].ndcg,
    customerNdcg10: perCustomer[index],
  }));
  // ALS is first: another ranker is served only when it does strictly better.
  let best = 0;
  results.forEach((r, index) => {
    if (r.ndcg10 > results[best].ndcg10) best = index;
  });
  return {
    best: results[best],
    results: [...results].sort((x, y) => y.ndcg10 - x.ndcg10),
    validation: summaries[best],
  };
}

/**
 * A ranker as served, for evaluation: ALS trained with its settings (when it has weight), item-kNN
 * fitted on the same weights (when it has weight) and popularity, blended as in serving.
 */
export function rankerCandidate(
  options: AlsOptions & WeightingOptions & { ranker: RankerSettings; threads?: number },
  name?: string,
): CandidateModel {
  const r = options.ranker;
  return {
    name: name ?? rankerName(r),
    fit(set) {
      const train = set.trainWith(options);
      const n = set.products.size;
      const k = options.factors;
      const w = blendWeights(r);
      const als =
        w.als > 0
          ? withAlsThreads(threadsFor(options.threads, train.indices.length, options), (runtime) =>
              trainAls(train, options, undefined, runtime),
            )
          : null;
      const ranker = new Ranker(r, {
        products: n,
        itemFactors: als ? new Float32Array(als.itemFactors) : null,
        factors: k,
        neighbours: w.itemKnn > 0 ? fitItemKnn(train, r.knn) : null,
        popularity: itemPopularity(set.train),
      });
      const users = als ? new Float32Array(als.userFactors) : null;
      return (user, out) => {
        ranker.score(users ? users.subarray(user * k, (user + 1) * k) : null, trainRow(train, user), out);
      };
    },
  };
}

/** A customer's row of a weight matrix as the ranker's item-kNN part reads it. */
function trainRow(train: Csr, u: number): () => ItemRow {
  return () => ({
    indices: train.indices.subarray(train.indptr[u], train.indptr[u + 1]),
    sums: train.data.subarray(train.indptr[u], train.indptr[u + 1]),
  });
}
