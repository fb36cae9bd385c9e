/**
 * Buy again, evaluated on a temporal split: the product priors are counted from the purchases before
 * the cut, each customer's products ranked as of the cut, and the ranking scored against the repeat
 * items of their next basket (the products of their first purchase day from the cut on that they had
 * bought before it), beside two baselines: personal top-frequency and last-bought. The expected next
 * purchase is scored by its error in days against the first purchase of each product after the cut.
 */
import { DAY_MS } from "../domain/time";
import {
  type BuyAgainEstimate,
  buyAgainEstimate,
  compareBuyAgain,
  orderDaysOf,
  orderWindowDays,
  priorTable,
  type RepurchasePrior,
} from "../model/buy-again";
import { rankingMetrics } from "../model/metrics";
import type { Store } from "../store";
import type { PairHistory } from "../store/repurchase.repository";
import { countRepurchases } from "./repurchase.service";

export interface BuyAgainEvaluationOptions {
  /** The list length scored (10). */
  k: number;
  /** The longest horizon: buy again's default is each customer's next-order window up to it (30). */
  horizonDays: number;
}

export const DEFAULT_BUY_AGAIN_EVALUATION: BuyAgainEvaluationOptions = { k: 10, horizonDays: 30 };

export interface BuyAgainMethodResult {
  name: string;
  recall: number;
  ndcg: number;
}

export interface BuyAgainEvaluation {
  cutoff: number;
  k: number;
  horizonDays: number;
  /** Customers whose next basket held a product they had bought before: those scored. */
  customers: number;
  /** Customers with purchases on both sides of the cut whose next basket held nothing bought before. */
  withoutRepeats: number;
  methods: BuyAgainMethodResult[];
  /** |expected − actual| days over products bought again after the cut, by buy again and by a naive rule. */
  dayError: { pairs: number; medianAbsDays: number; naiveMedianAbsDays: number };
}

interface Candidate {
  productId: string;
  train: number[];
  /** The first purchase day from the cut on, or null. */
  next: number | null;
  prior: RepurchasePrior;
  /** At the customer's next-order window (buy again's default), and at the whole horizon. */
  estimate: BuyAgainEstimate;
  fixed: BuyAgainEstimate;
}

/** Scores buy again and its baselines on the purchases before and after `cutoff` (ms; days are UTC). */
export function evaluateBuyAgain(
  store: Store,
  cutoff: number,
  options: BuyAgainEvaluationOptions = DEFAULT_BUY_AGAIN_EVALUATION,
): BuyAgainEvaluation {
  const cutDay = Math.ceil(cutoff / DAY_MS);
  const split = (h: PairHistory) => {
    const train = h.days.filter((d) => d < cutDay);
    return { train, next: h.days.find((d) => d >= cutDay) ?? null };
  };
  // Pass 1: each product's figures over the purchases before the cut.
  const figures = countRepurchases(store, { before: cutDay * DAY_MS });
  const priors = priorTable(new Map(figures.products.map((p) => [p.productId, p.counts])));
  const orderGap = figures.orderGapDays;

  // Pass 2: each customer's products as of the cut, scored against their next basket.
  const sums = new Map<string, { recall: number; ndcg: number }>();
  const methods: [string, (a: Candidate, b: Candidate) => number][] = [
    [
      "buy again",
      (a, b) =>
        compareBuyAgain({ estimate: a.estimate, timesBought: a.train.length }, { estimate: b.estimate, timesBought: b.train.length }),
    ],
    [
      `buy again, ${options.horizonDays} days`,
      (a, b) => compareBuyAgain({ estimate: a.fixed, timesBought: a.train.length }, { estimate: b.fixed, timesBought: b.train.length }),
    ],
    ["top-frequency", (a, b) => b.train.length - a.train.length || b.train.at(-1)! - a.train.at(-1)!],
    ["last-bought", (a, b) => b.train.at(-1)! - a.train.at(-1)! || b.train.length - a.train.length],
  ];
  for (const [name] of methods) sums.set(name, { recall: 0, ndcg: 0 });
  let scored = 0;
  let withoutRepeats = 0;
  const errors: number[] = [];
  const naiveErrors: number[] = [];
  let customer: string | null = null;
  let candidates: Candidate[] = [];
  let firstAfter = Number.POSITIVE_INFINITY;
  const finish = () => {
    if (candidates.length > 0) {
      const history = (c: Candidate) => ({ days: c.train, timesBought: c.train.length });
      // Every candidate has a day before the cut.
      const window = orderWindowDays(orderDaysOf(candidates.map(history))!, orderGap, options.horizonDays);
      for (const c of candidates) {
        c.estimate = buyAgainEstimate(history(c), c.prior, cutDay, window);
        c.fixed = buyAgainEstimate(history(c), c.prior, cutDay, options.horizonDays);
      }
    }
    if (candidates.length > 0 && Number.isFinite(firstAfter)) {
      const truth = new Set<number>();
      candidates.forEach((c, i) => c.next === firstAfter && truth.add(i));
      if (truth.size === 0) withoutRepeats++;
      else {
        scored++;
        const order = candidates.map((_, i) => i);
        for (const [name, compare] of methods) {
          const ranked = [...order].sort((a, b) => compare(candidates[a], candidates[b]) || a - b);
          const m = rankingMetrics(ranked, truth, options.k);
          const s = sums.get(name)!;
          s.recall += m.recall;
          s.ndcg += m.ndcg;
        }
      }
      for (const c of candidates) {
        if (c.next === null || c.estimate.expectedDay === null) continue;
        errors.push(Math.abs(c.estimate.expectedDay - c.next));
        const last = c.train.at(-1)!;
        const gap = c.train.length > 1 ? (last - c.train[0]) / (c.train.length - 1) : priors.shop.meanGapDays;
        naiveErrors.push(Math.abs(Math.max(cutDay, last + gap) - c.next));
      }
    }
    candidates = [];
    firstAfter = Number.POSITIVE_INFINITY;
  };
  store.repurchase.forEachHistory({}, (h) => {
    if (h.customerId !== customer) {
      finish();
      customer = h.customerId;
    }
    const { train, next } = split(h);
    if (next !== null) firstAfter = Math.min(firstAfter, next);
    if (train.length === 0) return;
    const prior = priors.byProduct.get(h.productId) ?? priors.shop;
    candidates.push({ productId: h.productId, train, next, prior, estimate: null as never, fixed: null as never });
  });
  finish();
  return {
    cutoff,
    k: options.k,
    horizonDays: options.horizonDays,
    customers: scored,
    withoutRepeats,
    methods: methods.map(([name]) => {
      const s = sums.get(name)!;
      return { name, recall: scored > 0 ? s.recall / scored : 0, ndcg: scored > 0 ? s.ndcg / scored : 0 };
    }),
    dayError: { pairs: errors.length, medianAbsDays: median(errors), naiveMedianAbsDays: median(naiveErrors) },
  };
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
