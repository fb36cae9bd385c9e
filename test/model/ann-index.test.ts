import { describe, expect, it } from "vitest";
import { AnnIndex } from "../../src/model/ann-index";
import { createGaussian, createRandom } from "../../src/model/random";

/** n products in c clusters of k dimensions, and exact top-10 by inner product for a query: the reference. */
function clusteredShop(n: number, k: number, c: number, seed: number) {
  const gaussian = createGaussian(createRandom(seed));
  const centres = Array.from({ length: c }, () => Array.from({ length: k }, () => gaussian()));
  const factors = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let f = 0; f < k; f++) factors[i * k + f] = centres[i % c][f] + 0.5 * gaussian();
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const exact = (q: ArrayLike<number>, top: number) =>
    Array.from({ length: n }, (_, i) => i)
      .map((i) => ({ i, s: Array.from({ length: k }, (_, f) => q[f] * factors[i * k + f]).reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, top)
      .map((r) => r.i);
  const query = () => Float32Array.from({ length: k }, () => gaussian());
  return { ids, factors, exact, query };
}

describe("an HNSW index over product vectors", () => {
  it("finds at least 95% of the exact top 10 by inner product", () => {
    const shop = clusteredShop(4000, 16, 40, 7);
    const index = AnnIndex.build(shop.ids, shop.factors, 16);
    let hits = 0;
    const queries = 60;
    for (let q = 0; q < queries; q++) {
      const x = shop.query();
      const truth = new Set(shop.exact(x, 10));
      for (const label of index.search(x, 10)) if (truth.has(label)) hits++;
    }
    expect(hits / (queries * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("gives no more than it holds", () => {
    const shop = clusteredShop(20, 4, 2, 1);
    const index = AnnIndex.build(shop.ids, shop.factors, 4);
    expect(index.search(shop.query(), 100)).toHaveLength(20);
  });
});
