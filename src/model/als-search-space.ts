/**
 * The settings of implicit ALS that tuning searches, and how a seeded search draws and perturbs them:
 * the model's own account of its hyperparameters, kept beside its options (as gorse's SuggestParams
 * sits with each model). Tuning (training/tuning.service.ts) decides which points to try and when.
 */
import { type ConfidenceOptions, confidenceOf, type RegularizationOptions } from "./confidence";
import type { CountWeighting } from "./count-weighting";
import type { Csr } from "./csr";

/** One point of the space: the ALS settings tuning chooses (everything else is kept as given). */
export interface AlsSearchPoint extends ConfidenceOptions, RegularizationOptions {
  factors: number;
  /** Half-life of the recency decay of interaction weights, in days (0: no decay). */
  recencyHalfLifeDays: number;
  /** Counts as they are (also when absent), or weighed by BM25 (count-weighting.ts) before confidence. */
  countWeighting?: CountWeighting;
}

export interface AlsSearchSpace {
  factorChoices: readonly number[];
  halfLifeChoices: readonly number[];
  scalings: readonly ConfidenceOptions["scaling"][];
  countWeightings: readonly CountWeighting[];
  /** α is drawn log-uniformly from this range. */
  alpha: readonly [number, number];
  /** The ridge ratio r = λ₀/α (see meanRowMass), drawn log-uniformly from this range. */
  ridgeRatio: readonly [number, number];
  regularizationExponents: readonly number[];
}

export const DEFAULT_ALS_SEARCH_SPACE: AlsSearchSpace = {
  factorChoices: [32, 64, 128],
  halfLifeChoices: [0, 30, 60, 120, 240],
  scalings: ["linear", "log"],
  countWeightings: ["raw", "bm25"],
  alpha: [1, 50],
  ridgeRatio: [0.3, 30],
  regularizationExponents: [0, 1],
};

/** exp(U(log low, log high)). */
export function logUniform(random: () => number, low: number, high: number): number {
  return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
}

export function pick<T>(random: () => number, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)];
}

/**
 * The mean row confidence mass Σ_i c_ui of a weight matrix. The ridge is searched as the ratio
 * r = λ₀/α of the ridge an average row sees to the confidence scale (what matters is their balance),
 * and stored as λ = α·r / mass^ν, so that plain (ν = 0) and frequency-scaled (ν = 1) regularization are
 * searched on one scale.
 */
export function meanRowMass(train: Csr, confidence: ConfidenceOptions): number {
  let total = 0;
  for (let p = 0; p < train.data.length; p++) total += confidenceOf(train.data[p], confidence) - 1;
  return train.cols + total / Math.max(1, train.rows);
}

/**
 * A random point. `weightsFor` gives the weight matrix the point trains on (its recency half-life
 * changes the weights), from which the ridge ratio becomes λ.
 */
export function randomAlsPoint(random: () => number, space: AlsSearchSpace, weightsFor: (p: AlsSearchPoint) => Csr): AlsSearchPoint {
  const p: AlsSearchPoint = {
    factors: pick(random, space.factorChoices),
    scaling: pick(random, space.scalings),
    alpha: logUniform(random, ...space.alpha),
    epsilon: 1,
    regularization: 0,
    regularizationExponent: pick(random, space.regularizationExponents),
    recencyHalfLifeDays: pick(random, space.halfLifeChoices),
    countWeighting: pick(random, space.countWeightings),
  };
  const ratio = logUniform(random, ...space.ridgeRatio);
  p.regularization = (p.alpha * ratio) / meanRowMass(weightsFor(p), p) ** p.regularizationExponent;
  return p;
}

/** A neighbour of `p`: α or λ halved or doubled, or another half-life, factor count or count weighting. */
export function perturbAlsPoint(random: () => number, space: AlsSearchSpace, p: AlsSearchPoint): AlsSearchPoint {
  const next = { ...p };
  switch (Math.floor(random() * 5)) {
    case 0:
      next.alpha = p.alpha * (random() < 0.5 ? 0.5 : 2);
      break;
    case 1:
      next.regularization = p.regularization * (random() < 0.5 ? 0.5 : 2);
      break;
    case 2:
      next.recencyHalfLifeDays = pick(random, space.halfLifeChoices);
      break;
    case 3:
      next.countWeighting = pick(random, space.countWeightings);
      break;
    default:
      next.factors = pick(random, space.factorChoices);
  }
  return next;
}

/** The point a full set of settings sits at. */
export function alsPointOf(s: AlsSearchPoint): AlsSearchPoint {
  return {
    factors: s.factors,
    alpha: s.alpha,
    scaling: s.scaling,
    epsilon: s.epsilon,
    regularization: s.regularization,
    regularizationExponent: s.regularizationExponent,
    recencyHalfLifeDays: s.recencyHalfLifeDays,
    countWeighting: s.countWeighting ?? "raw",
  };
}
