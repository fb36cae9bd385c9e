/**
 * The contract every ranker kind keeps (as implicit's recommender_base_test.py holds each of its
 * models to one suite): ALS, item-kNN, popularity and a blend, on one tiny shop with known answers.
 * Tuning, evaluation and serving all rank through this one Ranker (model/ranker.ts).
 */
import { describe, expect, it } from "vitest";
import { type ItemKnnModel } from "../../src/model/item-knn";
import { type ItemRow, Ranker, type RankerParts, type RankerSettings } from "../../src/model/ranker";

const KNN = { neighbours: 50, weighting: "bm25" as const, k1: 1.2, b: 0.75 };

// Five products, two factors: products 0–1 lean on factor 0, 2–3 on factor 1; product 4 has no vector.
const itemFactors = Float32Array.from([1, 0, 0.8, 0.1, 0, 1, 0.1, 0.7, 0, 0]);
// Item-kNN neighbours: 0 ↔ 1 (0.9), 2 ↔ 3 (0.6), 1 → 3 (0.1).
const neighbours: ItemKnnModel = {
  neighbours: {
    rows: 5,
    cols: 5,
    indptr: Int32Array.from([0, 1, 3, 4, 5, 5]),
    indices: Int32Array.from([1, 0, 3, 3, 2]),
    data: Float64Array.from([0.9, 0.9, 0.1, 0.6, 0.6]),
  },
};
const popularity = Float32Array.from([0.1, 0.2, 0.4, 0.3, 0.5]);
const parts: RankerParts = { products: 5, itemFactors, factors: 2, neighbours, popularity, unscorable: [4] };

/** Two customers: one who likes factor 0 and bought product 0, one who likes factor 1 and bought product 2. */
const CUSTOMERS: { x: number[]; row: ItemRow }[] = [
  { x: [1, 0.1], row: { indices: [0], sums: [1] } },
  { x: [0.05, 1], row: { indices: [2], sums: [2] } },
];

const KINDS: [string, RankerSettings][] = [
  ["ALS", { als: 1, itemKnn: 0, popularity: 0, knn: KNN }],
  ["item-kNN", { als: 0, itemKnn: 1, popularity: 0, knn: KNN }],
  ["popularity", { als: 0, itemKnn: 0, popularity: 1, knn: KNN }],
  ["a blend", { als: 1, itemKnn: 0.5, popularity: 0.25, knn: KNN }],
];

const scoresOf = (ranker: Ranker, c: number) => {
  const out = new Float32Array(5);
  ranker.score(CUSTOMERS[c].x, () => CUSTOMERS[c].row, out);
  return out;
};
/** Scorable products from best to worst (ties by index). */
const order = (scores: Float32Array) =>
  Array.from(scores.keys())
    .filter((i) => !Number.isNaN(scores[i]))
    .sort((a, b) => scores[b] - scores[a] || a - b);

describe.each(KINDS)("every ranker kind keeps the contract: %s", (_name, settings) => {
  it("scores every product it can with a finite number, and a product with no vector not at all", () => {
    const scores = scoresOf(new Ranker(settings, parts), 0);
    expect(Array.from(scores.subarray(0, 4)).every(Number.isFinite)).toBe(true);
    expect(scores[4]).toBeNaN();
  });

  it("scores a customer alike whoever was scored before (its buffers carry nothing over)", () => {
    const ranker = new Ranker(settings, parts);
    const first = scoresOf(ranker, 0);
    scoresOf(ranker, 1);
    expect(scoresOf(ranker, 0)).toEqual(first);
    expect(scoresOf(new Ranker(settings, parts), 0)).toEqual(first);
  });

  it("ranks alike when a part's scores are all scaled by a positive number", () => {
    const scaled = new Ranker(settings, {
      ...parts,
      itemFactors: itemFactors.map((v) => 3 * v),
      popularity: popularity.map((v) => 7 * v),
    });
    for (const c of [0, 1]) expect(order(scoresOf(scaled, c))).toEqual(order(scoresOf(new Ranker(settings, parts), c)));
  });

  it("reads the customer's row only when it blends item-kNN in", () => {
    let read = 0;
    new Ranker(settings, parts).score(CUSTOMERS[0].x, () => (read++, CUSTOMERS[0].row), new Float32Array(5));
    expect(read).toBe(settings.itemKnn > 0 ? 1 : 0);
  });
});

describe("what each ranker kind ranks first", () => {
  const ranks = (settings: RankerSettings, c: number) => order(scoresOf(new Ranker(settings, parts), c));

  it("ALS ranks by x · y_i, and its scores are the dot products themselves", () => {
    const scores = scoresOf(new Ranker(KINDS[0][1], parts), 0);
    expect(scores[1]).toBeCloseTo(0.81, 6);
    expect(ranks(KINDS[0][1], 0)).toEqual([0, 1, 3, 2]);
    expect(ranks(KINDS[0][1], 1)).toEqual([2, 3, 1, 0]);
  });

  it("item-kNN ranks the neighbours of the customer's products first, and the rest by popularity", () => {
    // Customer 0 bought product 0, whose only neighbour is 1; 2 and 3 follow by popularity.
    expect(ranks(KINDS[1][1], 0)).toEqual([1, 2, 3, 0]);
    expect(ranks(KINDS[1][1], 1)).toEqual([3, 2, 1, 0]);
  });

  it("popularity ranks every customer alike, by popularity", () => {
    expect(ranks(KINDS[2][1], 0)).toEqual([2, 3, 1, 0]);
    expect(ranks(KINDS[2][1], 1)).toEqual([2, 3, 1, 0]);
  });

  it("a blend adds each part scaled by its largest score, times its weight", () => {
    // Customer 0: ALS 1, 0.81, 0.1, 0.17 (largest 1); kNN 0, 0.9, 0, 0 (0.9); popularity largest 0.4 of the scorable.
    const scores = scoresOf(new Ranker(KINDS[3][1], parts), 0);
    const expected = [1 + 0 + (0.25 * 0.1) / 0.5, 0.81 + 0.5 + (0.25 * 0.2) / 0.5, 0.1 + (0.25 * 0.4) / 0.5, 0.17 + (0.25 * 0.3) / 0.5];
    expected.forEach((e, i) => expect(scores[i]).toBeCloseTo(e, 5));
  });
});
