/**
 * The validation split tuning scores settings on. Where the data has times enough, the last part of
 * its span (a temporal window, as evaluation's temporal protocol); where it has none, or too few days
 * for the window to hold enough customers, a seeded random share of each customer's products
 * (model/holdout.ts), so that undated logs (aggregated exports, play counts, ratings) are tuned too.
 */
import { DAY_MS } from "../domain/time";
import type { InteractionFilter, Store } from "../store";
import { hashString } from "../model/holdout";
import { buildEvaluationSet, type EvaluationSet } from "./evaluation.service";
import type { WeightingOptions } from "./weight-matrix";

export type ValidationSplit = { kind: "temporal"; cutoff: number } | { kind: "holdout"; fraction: number; seed: number };

export interface SplitOptions {
  /** Share of the time span held out by a temporal split. */
  validationFraction: number;
  /** Share of each customer's products held out by a random split. */
  holdoutFraction: number;
  seed: number;
}

/** Customers a temporal validation window must score for tuning to take it over a random holdout. */
export const MIN_TEMPORAL_CUSTOMERS = 20;

/**
 * Customers a split scores at most: past this, a seeded sample of them (scoring is most of a trial's
 * work, so a larger split would leave the budget fewer settings to try, for little steadier figures).
 */
export const MAX_SCORED_CUSTOMERS = 2000;

/** The set scoring at most `max` of its customers: those whose ids hash lowest with the seed (unseenRelevant still counts all). */
export function limitScored(set: EvaluationSet, max: number, seed: number): EvaluationSet {
  if (set.testUsers.length <= max) return set;
  const keyOf = (u: number) => hashString(`${seed}:${set.customers.idAt(u)}`);
  const kept = Array.from(set.testUsers.keys())
    .sort((a, b) => keyOf(set.testUsers[a]) - keyOf(set.testUsers[b]) || a - b)
    .slice(0, max)
    .sort((a, b) => a - b);
  return { ...set, testUsers: Int32Array.from(kept, (t) => set.testUsers[t]), relevant: kept.map((t) => set.relevant[t]) };
}

/** The start of the validation window: the last `fraction` of the span, at a day boundary. */
export function validationCutoff(span: { first: number; last: number }, fraction: number): number {
  const raw = span.last - (span.last - span.first) * fraction;
  return Math.ceil(raw / DAY_MS) * DAY_MS;
}

/**
 * Cuts the split from the interactions in `base`: temporal when its window scores at least
 * MIN_TEMPORAL_CUSTOMERS customers, else a random holdout. Throws when neither scores anyone (no
 * customer with two products): the data is too small to tune on.
 */
export function cutValidationSplit(
  store: Store,
  base: InteractionFilter,
  weighting: WeightingOptions,
  options: SplitOptions,
): { split: ValidationSplit; set: EvaluationSet; dated: boolean } {
  const span = store.interactions.timeSpan(base);
  if (span && span.last > span.first) {
    const split = { kind: "temporal", cutoff: validationCutoff(span, options.validationFraction) } as const;
    const set = buildEvaluationSet(store, split, weighting, base);
    if (set.testUsers.length >= MIN_TEMPORAL_CUSTOMERS)
      return { split, set: limitScored(set, MAX_SCORED_CUSTOMERS, options.seed), dated: true };
  }
  const split = { kind: "holdout", fraction: options.holdoutFraction, seed: options.seed } as const;
  const set = buildEvaluationSet(store, split, weighting, base);
  if (set.testUsers.length === 0) throw new Error("too small to tune: no customer has two products to hold one out for validation");
  return { split, set: limitScored(set, MAX_SCORED_CUSTOMERS, options.seed), dated: span !== null && span.last > span.first };
}

/** One line for a split, for training's output. */
export function describeSplit(split: ValidationSplit): string {
  return split.kind === "temporal"
    ? `temporal: train before ${new Date(split.cutoff).toISOString().slice(0, 10)}`
    : `random holdout of ${Math.round(split.fraction * 100)}% of each customer's products (too few dates to cut in time)`;
}
