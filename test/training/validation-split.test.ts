import { describe, expect, it } from "vitest";
import type { ImportedData } from "../../src/importers/imported-data";
import { Store } from "../../src/store";
import { loadIntoStore } from "../../src/training/import.service";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { DEFAULT_TUNING_OPTIONS, tune } from "../../src/training/tuning.service";
import { cutValidationSplit, limitScored, MIN_TEMPORAL_CUSTOMERS } from "../../src/training/validation-split";
import { PLAIN_PURCHASES, SHAPE_START, shapedShop } from "../helpers/shop-shapes";

const WEIGHTING = { ...DEFAULT_TRAINING_OPTIONS, recencyHalfLifeDays: 0 };
const SPLIT = { validationFraction: 0.1, holdoutFraction: 0.2, seed: 7 };

function storeOf(data: ImportedData): Store {
  const store = Store.open(":memory:");
  loadIntoStore(store, data);
  return store;
}

/** The plain-purchases shop with every time replaced. */
function retimed(at: (t: number) => number | null): ImportedData {
  const shop = shapedShop(PLAIN_PURCHASES);
  return { ...shop, interactions: shop.interactions.map((i) => ({ ...i, occurredAt: at(i.occurredAt!) })) };
}

describe("tuning's validation split", () => {
  it("is the end of the time span where the data is dated", () => {
    const { split, set, dated } = cutValidationSplit(storeOf(shapedShop(PLAIN_PURCHASES)), {}, WEIGHTING, SPLIT);
    expect(split.kind).toBe("temporal");
    expect(dated).toBe(true);
    expect(set.testUsers.length).toBeGreaterThanOrEqual(MIN_TEMPORAL_CUSTOMERS);
  });

  it.each([
    ["without times", () => null],
    ["whose times are all one day", () => SHAPE_START],
  ])("is a random fifth of each customer's products for a log %s", (_name, at) => {
    const store = storeOf(retimed(at));
    const { split, set, dated } = cutValidationSplit(store, {}, WEIGHTING, SPLIT);
    expect(split).toEqual({ kind: "holdout", fraction: 0.2, seed: 7 });
    expect(dated).toBe(false);
    // Every customer of the shop has 6 to 11 products: 1 or 2 held out each, none of them left in training or in what was bought.
    expect(set.testUsers.length).toBe(PLAIN_PURCHASES.customers);
    set.testUsers.forEach((u, n) => {
      const trained = new Set(set.train.indices.subarray(set.train.indptr[u], set.train.indptr[u + 1]));
      const bought = new Set(set.bought.indices.subarray(set.bought.indptr[u], set.bought.indptr[u + 1]));
      const held = [...set.relevant[n]];
      expect(held.length).toBe(Math.min(trained.size + held.length - 1, Math.max(1, Math.round(0.2 * (trained.size + held.length)))));
      for (const i of held) expect(trained.has(i) || bought.has(i)).toBe(false);
    });
  });

  it("leaves every interaction with a held-out product out of training, views too", () => {
    const shop = retimed(() => null);
    const views = shop.interactions.map((i) => ({ ...i, type: "view" as const, weight: null }));
    const store = storeOf({ ...shop, interactions: [...shop.interactions, ...views] });
    const { set } = cutValidationSplit(store, {}, WEIGHTING, SPLIT);
    set.testUsers.forEach((u, n) => {
      const row = new Set(set.train.indices.subarray(set.train.indptr[u], set.train.indptr[u + 1]));
      for (const i of set.relevant[n]) expect(row.has(i)).toBe(false);
    });
  });

  it("refuses data where no customer has two products to hold one out", () => {
    const shop = retimed(() => null);
    const first = new Map<string, (typeof shop.interactions)[number]>();
    for (const i of shop.interactions) if (!first.has(i.customerId)) first.set(i.customerId, i);
    expect(() => cutValidationSplit(storeOf({ ...shop, interactions: [...first.values()] }), {}, WEIGHTING, SPLIT)).toThrow(
      "too small to tune: no customer has two products to hold one out for validation",
    );
  });

  it("lets undated data be tuned, without a half-life to choose", () => {
    const store = storeOf(retimed(() => null));
    const result = tune(
      store,
      {},
      { ...DEFAULT_TRAINING_OPTIONS, factors: 8, iterations: 4 },
      {
        ...DEFAULT_TUNING_OPTIONS,
        trials: 6,
        searchIterations: 4,
        factorChoices: [8, 16],
      },
    );
    expect(result.split.kind).toBe("holdout");
    expect(result.split).toEqual({ kind: "holdout", fraction: 0.2, seed: DEFAULT_TUNING_OPTIONS.seed });
    expect(result.trials).toHaveLength(6);
    expect(result.trials.map((t) => t.settings.recencyHalfLifeDays)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(result.validation[0].ndcg).toBeGreaterThan(0);
  });

  it("scores a seeded sample of its customers past a limit, each with their own held-out products", () => {
    const { set } = cutValidationSplit(storeOf(retimed(() => null)), {}, WEIGHTING, SPLIT);
    const limited = limitScored(set, 100, 7);
    expect(limited.testUsers).toHaveLength(100);
    expect(limitScored(set, 100, 7).testUsers).toEqual(limited.testUsers);
    expect(limitScored(set, 100, 8).testUsers).not.toEqual(limited.testUsers);
    expect([...limited.testUsers]).toEqual([...limited.testUsers].sort((a, b) => a - b));
    limited.testUsers.forEach((u, t) => expect(limited.relevant[t]).toBe(set.relevant[set.testUsers.indexOf(u)]));
    expect(limitScored(set, set.testUsers.length, 7)).toBe(set);
  });
});
