import { describe, expect, it } from "vitest";
import { alsCandidate, buildEvaluationSet, evaluateModels, popularityCandidate } from "../../src/training/evaluation.service";
import { rankerCandidate } from "../../src/training/ranker-selection.service";
import { loadIntoStore } from "../../src/training/import.service";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { DEFAULT_TUNING_OPTIONS, tune } from "../../src/training/tuning.service";
import type { ImportedData } from "../../src/importers/imported-data";
import { Store } from "../../src/store";
import {
  GROCERY,
  HEAVY_TAIL_COUNTS,
  HUGE_CATALOGUE,
  ONE_PURCHASE,
  PLAIN_PURCHASES,
  RATINGS,
  SHAPE_CUTOFF,
  type ShapeOptions,
  shapedShop,
} from "../helpers/shop-shapes";

const BASE = { ...DEFAULT_TRAINING_OPTIONS, iterations: 10 };
const SEARCH = { ...DEFAULT_TUNING_OPTIONS, trials: 12, searchIterations: 6, factorChoices: [16, 32, 64] };

/**
 * NDCG@10 on the last 30 days for the fixed defaults (ALS), for what tuning on the days before chose
 * to serve (tuned ALS, item-kNN, popularity or a blend), and for popularity.
 */
function defaultAndTuned(shape: ShapeOptions, minUsers = 250, tunedOn?: (t: number) => number | null) {
  const store = Store.open(":memory:");
  try {
    const shop = shapedShop(shape);
    loadIntoStore(store, shop);
    const tuned = tunedOn ? tuneUndated(shop, tunedOn) : tune(store, { before: SHAPE_CUTOFF }, BASE, SEARCH);
    const set = buildEvaluationSet(store, { kind: "temporal", cutoff: SHAPE_CUTOFF }, { ...BASE, recencyHalfLifeDays: 0 });
    const [fixed, chosen, popular] = evaluateModels(
      set,
      [alsCandidate(BASE, "defaults"), rankerCandidate({ ...BASE, ...tuned.best }, "tuned"), popularityCandidate()],
      [10],
    );
    expect(fixed.metrics[0].users).toBeGreaterThan(minUsers);
    return {
      defaults: fixed.metrics[0].ndcg,
      tuned: chosen.metrics[0].ndcg,
      popularity: popular.metrics[0].ndcg,
      best: tuned.best,
    };
  } finally {
    store.close();
  }
}

/**
 * Tunes on the shop's days before the cutoff as a log without usable times would give them: each
 * time replaced by `at` (null: no time column). What it chooses is then scored on the later month.
 */
function tuneUndated(shop: ImportedData, at: (t: number) => number | null) {
  const store = Store.open(":memory:");
  try {
    const past = shop.interactions.filter((i) => i.occurredAt! < SHAPE_CUTOFF).map((i) => ({ ...i, occurredAt: at(i.occurredAt!) }));
    loadIntoStore(store, { ...shop, interactions: past });
    const result = tune(store, {}, BASE, SEARCH);
    expect(result.split.kind).toBe("holdout");
    return result;
  } finally {
    store.close();
  }
}

describe("tuning on shops of other shapes", () => {
  it("finds what raw counts with a heavy tail need, and far outdoes the fixed defaults", () => {
    const { defaults, tuned, best } = defaultAndTuned(HEAVY_TAIL_COUNTS);
    // Linear confidence lets a count of thousands drown every other purchase; the search finds log scaling.
    expect(best.scaling).toBe("log");
    expect(tuned).toBeGreaterThan(1.5 * defaults);
  });

  it.each([
    ["ratings from 1 to 5", RATINGS],
    ["plain purchases", PLAIN_PURCHASES],
  ])("keeps the fixed defaults' quality where they already fit: %s", (_shape, shape) => {
    const { defaults, tuned } = defaultAndTuned(shape);
    expect(defaults).toBeGreaterThan(0.2);
    // A setting that looks better on validation only by the split's noise is not served (tuning-evidence.ts).
    expect(tuned).toBeGreaterThan(0.99 * defaults);
  });

  it("serves popularity where popularity beats ALS: a grocery store of 170 products", () => {
    const { defaults, tuned, popularity, best } = defaultAndTuned(GROCERY);
    expect(popularity).toBeGreaterThan(defaults);
    expect(best.ranker.popularity).toBeGreaterThan(0);
    expect(tuned).toBeGreaterThan(0.98 * popularity);
  });

  it.each([
    ["customers with one to three purchases", ONE_PURCHASE],
    ["a catalogue of 4,000 products", HUGE_CATALOGUE],
  ])("outdoes the fixed defaults where they fit the data badly: %s", (_shape, shape) => {
    const { defaults, tuned, popularity } = defaultAndTuned(shape, 200);
    expect(tuned).toBeGreaterThan(1.3 * defaults);
    expect(tuned).toBeGreaterThan(popularity);
  });
});

describe("tuning on shops whose logs have no usable dates", () => {
  const NO_TIME = () => null;
  const ONE_DAY = () => SHAPE_CUTOFF - 86_400_000;

  it("finds what undated heavy-tailed counts need, and far outdoes the fixed defaults", () => {
    const { defaults, tuned, best } = defaultAndTuned(HEAVY_TAIL_COUNTS, 250, NO_TIME);
    expect(best.recencyHalfLifeDays).toBe(0);
    expect(tuned).toBeGreaterThan(1.5 * defaults);
  });

  it.each([
    ["undated ratings from 1 to 5", RATINGS, NO_TIME],
    ["plain purchases whose dates are all one day", PLAIN_PURCHASES, ONE_DAY],
  ])("does about as well as tuning on the dated log, and keeps the defaults' quality where they fit: %s", (_shape, shape, at) => {
    const undated = defaultAndTuned(shape, 250, at);
    const dated = defaultAndTuned(shape);
    expect(undated.tuned).toBeGreaterThan(0.97 * dated.tuned);
    expect(undated.tuned).toBeGreaterThan(0.99 * undated.defaults);
  });

  it("serves popularity to an undated grocery store, where popularity wins", () => {
    const { defaults, tuned, popularity, best } = defaultAndTuned(GROCERY, 250, NO_TIME);
    expect(popularity).toBeGreaterThan(defaults);
    expect(best.ranker.popularity).toBeGreaterThan(0);
    expect(tuned).toBeGreaterThan(0.98 * popularity);
  });
});
