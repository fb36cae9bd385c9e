import { describe, expect, it } from "vitest";
import { pairedGain } from "../../src/model/metrics";
import { Store } from "../../src/store";
import { loadIntoStore } from "../../src/training/import.service";
import { rankerCandidate } from "../../src/training/ranker-selection.service";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { evaluateModels } from "../../src/training/evaluation.service";
import { CLEARLY_BETTER_Z, keepUnlessClearlyBetter } from "../../src/training/tuning-evidence";
import { tune, type TuningOptions } from "../../src/training/tuning.service";
import { cutValidationSplit } from "../../src/training/validation-split";
import { PLAIN_PURCHASES, shapedShop } from "../helpers/shop-shapes";

const BASE = { ...DEFAULT_TRAINING_OPTIONS, factors: 8, iterations: 4, recencyHalfLifeDays: 0 };
const SPLIT = { validationFraction: 0.1, holdoutFraction: 0.2, seed: 7 };
const QUICK: TuningOptions = {
  trials: 6,
  seed: 3,
  validationFraction: 0.1,
  holdoutFraction: 0.2,
  searchIterations: 4,
  factorChoices: [8, 16],
  halfLifeChoices: [0],
  budgetSeconds: null,
};

function plainShop() {
  const store = Store.open(":memory:");
  loadIntoStore(store, shapedShop(PLAIN_PURCHASES));
  return store;
}

describe("the paired gain of one ranker over another", () => {
  it("is the mean per-customer difference with its standard error sd/√n", () => {
    // d = [0.2, 0, 0.3, -0.2]: mean 0.075; squared deviations sum to 0.1475, so se = √(0.1475 / 3 / 4).
    const { mean, standardError } = pairedGain([0.5, 0.2, 0.9, 0.1], [0.3, 0.2, 0.6, 0.3]);
    expect(mean).toBeCloseTo(0.075, 12);
    expect(standardError).toBeCloseTo(Math.sqrt(0.1475 / 12), 12);
  });

  it("has no spread for fewer than two customers, and none for identical figures", () => {
    expect(pairedGain([0.4], [0.1])).toEqual({ mean: expect.closeTo(0.3, 12), standardError: 0 });
    expect(pairedGain([], [])).toEqual({ mean: 0, standardError: 0 });
    expect(pairedGain([0.1, 0.7], [0.1, 0.7])).toEqual({ mean: 0, standardError: 0 });
  });
});

describe("serving what tuning found", () => {
  const store = plainShop();
  const { set } = cutValidationSplit(store, {}, BASE, SPLIT);
  const starting = evaluateModels(set, [rankerCandidate(BASE)], [10])[0].customerNdcg;

  it("scores the starting settings on the split as tuning's ranker comparison does", () => {
    const { mean, standardError } = pairedGain(starting, starting);
    expect(keepUnlessClearlyBetter(set, BASE, starting).evidence).toEqual({
      startingNdcg10: expect.closeTo(starting.reduce((s, x) => s + x, 0) / starting.length, 12),
      gain: mean,
      standardError,
      clearlyBetter: false,
    });
  });

  it("keeps the starting settings when the best found is no better for every customer", () => {
    const kept = keepUnlessClearlyBetter(set, BASE, starting);
    expect(kept.starting.settings).toMatchObject({ factors: BASE.factors, alpha: BASE.alpha, regularization: BASE.regularization });
    expect(kept.starting.validation.map((m) => m.k)).toEqual([10, 20]);
  });

  it("serves the best found when it gains a little for every customer (no noise at all)", () => {
    const better = starting.map((x) => x + 0.001);
    expect(keepUnlessClearlyBetter(set, BASE, better).evidence).toMatchObject({ gain: expect.closeTo(0.001, 9), clearlyBetter: true });
  });

  it("keeps the starting settings when the gain is smaller than its noise", () => {
    // A gain of 0.001 on average, but ±0.1 from customer to customer: a standard error of about 0.1/√n.
    const noisy = starting.map((x, t) => x + 0.001 + (t % 2 === 0 ? 0.1 : -0.1));
    const { evidence } = keepUnlessClearlyBetter(set, BASE, noisy);
    expect(evidence.standardError).toBeGreaterThan(evidence.gain / CLEARLY_BETTER_Z);
    expect(evidence.clearlyBetter).toBe(false);
  });

  it("serves the best found when the starting settings are far off, and the starting settings when they fit", () => {
    // One factor, a hundred times the regularisation: the search finds clearly better settings.
    const poor = { ...BASE, factors: 1, regularization: 1000 };
    const found = tune(store, {}, poor, QUICK);
    expect(found.evidence.clearlyBetter).toBe(true);
    expect(found.evidence.gain).toBeGreaterThan(found.evidence.standardError);
    expect(found.best).not.toMatchObject({ factors: 1, regularization: 1000 });
    expect(found.validation[0].ndcg).toBeGreaterThan(found.evidence.startingNdcg10);
    // What is served is never worse on validation than what tuning started from: better when the best
    // found is served, the starting settings' own figure when they are kept.
    for (const start of [BASE, poor]) {
      const result = tune(store, {}, start, QUICK);
      if (result.evidence.clearlyBetter) {
        expect(result.validation[0].ndcg).toBeGreaterThan(result.evidence.startingNdcg10);
      } else {
        expect(result.validation[0].ndcg).toBe(result.evidence.startingNdcg10);
        expect(result.best).toMatchObject({ factors: start.factors, alpha: start.alpha, regularization: start.regularization });
      }
    }
  });
});
