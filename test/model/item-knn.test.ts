import { describe, expect, it } from "vitest";
import { csrFromTriples } from "../../src/model/csr";
import { DEFAULT_ITEM_KNN_OPTIONS, fitItemKnn, itemPopularity, type KnnWeighting, scoreItemKnn } from "../../src/model/item-knn";
import { topK } from "../../src/model/top-k";
import { blockFixture } from "../helpers/block-fixture";

describe.each<KnnWeighting>(["bm25", "cosine"])("item-kNN with %s weights", (weighting) => {
  const { weights, items } = blockFixture();
  const model = fitItemKnn(weights, { ...DEFAULT_ITEM_KNN_OPTIONS, weighting, neighbours: 10 });

  it("ranks the withheld item first for the user who has not bought it", () => {
    const start = weights.indptr[0];
    const end = weights.indptr[1];
    const scores = scoreItemKnn(model, weights.indices.subarray(start, end), weights.data.subarray(start, end), new Float32Array(items));
    const skip = new Uint8Array(items);
    for (let p = start; p < end; p++) skip[weights.indices[p]] = 1;
    expect(topK(scores, 1, skip)[0].index).toBe(0);
  });

  it("finds an item's neighbours in its own block and never the item itself", () => {
    for (let p = model.neighbours.indptr[6]; p < model.neighbours.indptr[7]; p++) {
      expect(model.neighbours.indices[p]).not.toBe(6);
      expect(Math.floor(model.neighbours.indices[p] / 5)).toBe(1);
    }
  });
});

describe("cosine item-kNN", () => {
  it("similarity is the cosine of the two items' user columns", () => {
    // users × items: item 0 bought by users 0,1; item 1 by users 1,2; item 2 by user 2.
    const m = csrFromTriples(3, 3, [0, 1, 1, 2, 2], [0, 0, 1, 1, 2], [1, 1, 1, 1, 1]);
    const model = fitItemKnn(m, { ...DEFAULT_ITEM_KNN_OPTIONS, weighting: "cosine" });
    const n = model.neighbours;
    const sim = (i: number, j: number) => {
      for (let p = n.indptr[i]; p < n.indptr[i + 1]; p++) if (n.indices[p] === j) return n.data[p];
      return 0;
    };
    expect(sim(0, 1)).toBeCloseTo(0.5, 12); // one shared user of two each: 1/(√2·√2)
    expect(sim(1, 2)).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(sim(0, 2)).toBe(0);
  });
});

describe("popularity", () => {
  it("counts distinct users per item", () => {
    const m = csrFromTriples(3, 2, [0, 1, 2, 0], [0, 0, 0, 1], [5, 1, 1, 1]);
    expect(Array.from(itemPopularity(m))).toEqual([3, 1]);
  });
});
