import { describe, expect, it } from "vitest";
import { AnnIndex } from "../../src/model/ann-index";
import { createGaussian, createRandom } from "../../src/model/random";
import { topK } from "../../src/model/top-k";
import { scoreAll } from "../../src/model/scoring";
import { IdIndex } from "../../src/store";
import { annTop, MAX_ANN_FETCH } from "../../src/serving/ann-search";
import type { LiveModel } from "../../src/serving/live-model";

const K = 8;

/** The parts of a served model annTop reads, over n clustered products. */
function catalogue(n: number, seed: number) {
  const gaussian = createGaussian(createRandom(seed));
  const centres = Array.from({ length: 20 }, () => Array.from({ length: K }, () => gaussian()));
  const productFactors = new Float32Array(n * K);
  for (let i = 0; i < n; i++) for (let f = 0; f < K; f++) productFactors[i * K + f] = centres[i % 20][f] + 0.4 * gaussian();
  const products = new IdIndex(Array.from({ length: n }, (_, i) => `p${i}`));
  const ann = AnnIndex.build(products.ids, productFactors, K);
  const model = { ann, k: K, productFactors, products } as unknown as LiveModel;
  const exact = (x: Float32Array, wanted: number, skip: Uint8Array) =>
    topK(scoreAll(productFactors, n, K, x, new Float32Array(n)), wanted, skip);
  return { model, exact, query: () => Float32Array.from({ length: K }, () => gaussian()) };
}

describe("ranking through the graph", () => {
  it("finds the exact top of what the mask lets through, scored exactly, when a quarter of the catalogue is masked", () => {
    const shop = catalogue(6000, 5);
    const random = createRandom(9);
    let hits = 0;
    for (let q = 0; q < 30; q++) {
      const skip = Uint8Array.from({ length: 6000 }, () => (random() < 0.25 ? 1 : 0));
      const x = shop.query();
      const found = annTop(shop.model, x, 10, skip)!;
      const truth = shop.exact(x, 10, skip);
      expect(found).toHaveLength(10);
      expect(found.every((r) => !skip[r.index])).toBe(true);
      const scoreOf = new Map(truth.map((r) => [r.index, r.score]));
      for (const r of found) {
        if (!scoreOf.has(r.index)) continue;
        expect(r.score).toBeCloseTo(scoreOf.get(r.index)!, 4);
        hits++;
      }
    }
    expect(hits / 300).toBeGreaterThanOrEqual(0.95);
  });

  it("gives up, for exact scoring to take over, when the mask leaves too few among the most the graph is asked for", () => {
    const shop = catalogue(MAX_ANN_FETCH + 2000, 6);
    const x = shop.query();
    // Only the three products least like the query are allowed.
    const worst = shop
      .exact(
        Float32Array.from(x, (v) => -v),
        3,
        new Uint8Array(MAX_ANN_FETCH + 2000),
      )
      .map((r) => r.index);
    const skip = new Uint8Array(MAX_ANN_FETCH + 2000).fill(1);
    for (const i of worst) skip[i] = 0;
    expect(annTop(shop.model, x, 3, skip)).toBeNull();
  });

  it("gives every allowed product of a graph smaller than the list, best first", () => {
    const shop = catalogue(50, 7);
    const x = shop.query();
    const skip = new Uint8Array(50);
    skip[3] = 1;
    const found = annTop(shop.model, x, 100, skip)!;
    expect(found.map((r) => r.index)).toEqual(shop.exact(x, 100, skip).map((r) => r.index));
  });
});
