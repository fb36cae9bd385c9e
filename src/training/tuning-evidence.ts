/**
 * Whether what tuning found is served: only when it beats the settings tuning started from by more
 * than the validation split's noise, judged per customer (a paired difference and its standard error).
 */
import { alsPointOf } from "../model/als-search-space";
import { MetricAccumulator, type MetricSummary, pairedGain, rankingMetrics } from "../model/metrics";
import { topK } from "../model/top-k";
import type { EvaluationSet, Scorer } from "./evaluation.service";
import { rankerCandidate } from "./ranker-selection.service";
import type { TrainingOptions } from "./training.service";

export interface TuningEvidence {
  /** Validation NDCG@10 of the settings tuning started from (the defaults, or an earlier tuning's). */
  startingNdcg10: number;
  /** The best found's mean per-customer gain in validation NDCG@10 over them, and its standard error. */
  gain: number;
  standardError: number;
  /** gain > CLEARLY_BETTER_Z · standardError: the best found is served; otherwise the starting settings are. */
  clearlyBetter: boolean;
}

/** A fitted scorer's metrics on the set at k = 10 and 20, and each test customer's NDCG@10 (in testUsers order). */
export function scoreByCustomer(set: EvaluationSet, scorer: Scorer): { metrics: MetricSummary[]; ndcg10: Float64Array } {
  const n = set.products.size;
  const scores = new Float32Array(n);
  const skip = new Uint8Array(n);
  const accumulators = [10, 20].map((k) => new MetricAccumulator(k, n));
  const ndcg10 = new Float64Array(set.testUsers.length);
  set.testUsers.forEach((u, t) => {
    scorer(u, scores);
    for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 1;
    const ranked = topK(scores, 20, skip).map((r) => r.index);
    for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 0;
    for (const acc of accumulators) acc.add(ranked, set.relevant[t]);
    ndcg10[t] = rankingMetrics(ranked, set.relevant[t], 10).ndcg;
  });
  return { metrics: accumulators.map((a) => a.summary()), ndcg10 };
}

/**
 * How many standard errors of the paired per-customer difference the best found must beat the
 * settings tuning started from by to be served. Below it, the gain is as likely the split's noise as a
 * better model (on a shop the defaults already fit, a search of two dozen settings always finds one
 * that looks a little better on validation), and the starting settings stay. 1.5 rather than 1: the best
 * of two dozen is picked for looking good on this very split, so its gain there is biased upward. On the
 * synthetic shop shapes the real gains (heavy-tailed counts, grocery, one purchase, a huge catalogue)
 * measured 2.4 to 12 standard errors; the two that lost on the next month measured 1.2 and 1.4.
 */
export const CLEARLY_BETTER_Z = 1.5;

/**
 * The settings tuning started from (as given: the defaults, or what an earlier tuning chose), trained
 * in full on the split and scored per customer beside the best found.
 */
export function keepUnlessClearlyBetter(set: EvaluationSet, settings: TrainingOptions, bestNdcg10: Float64Array) {
  const { metrics, ndcg10 } = scoreByCustomer(set, rankerCandidate(settings).fit(set));
  const { mean, standardError } = pairedGain(bestNdcg10, ndcg10);
  return {
    starting: { settings: { ...alsPointOf(settings), ranker: settings.ranker }, validation: metrics },
    evidence: { startingNdcg10: metrics[0].ndcg, gain: mean, standardError, clearlyBetter: mean > CLEARLY_BETTER_Z * standardError },
  };
}
