import { describe, expect, it } from "vitest";
import { ALS_RANKER, blendInto, blendWeights, rankerKind, rankerName } from "../../src/model/ranker";

const order = (scores: Float32Array) => Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);

describe("blending rankers", () => {
  it("scales each part by its largest score, so the weights trade parts of the same size", () => {
    const out = new Float32Array(3);
    const scales = blendInto(out, 3, [
      { scores: [10, 5, 0], weight: 1 },
      { scores: [0, 2, 4], weight: 0.5 },
    ]);
    expect(scales).toEqual([0.1, 0.125]);
    expect(Array.from(out)).toEqual([1, 0.75, 0.5]);
  });

  it("ranks as the part itself when one part has weight, even if all its scores are negative", () => {
    const als = Float32Array.from([-0.3, -0.1, -0.2, -0.05]);
    const out = new Float32Array(4);
    blendInto(out, 4, [
      { scores: als, weight: 1 },
      { scores: [1, 2, 3, 4], weight: 0 },
    ]);
    expect(order(out)).toEqual(order(als));
  });

  it("adds nothing for a part whose scores are all zero, and leaves products marked NaN alone", () => {
    const out = Float32Array.from([0, Number.NaN, 0]);
    const scales = blendInto(out, 3, [
      { scores: [0, 0, 0], weight: 1 },
      { scores: [1, 4, 2], weight: 1 },
    ]);
    expect(scales[0]).toBe(0);
    expect(out[0]).toBeCloseTo(0.25);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(0.5);
  });

  it("orders what item-kNN leaves unscored by a trace of popularity when popularity is not blended in", () => {
    expect(blendWeights({ als: 0, itemKnn: 1, popularity: 0 }).popularity).toBeGreaterThan(0);
    expect(blendWeights({ als: 0, itemKnn: 1, popularity: 0 }).popularity).toBeLessThan(0.001);
    expect(blendWeights({ als: 1, itemKnn: 0, popularity: 0 })).toEqual({ als: 1, itemKnn: 0, popularity: 0 });
    expect(blendWeights({ als: 1, itemKnn: 0.5, popularity: 0.25 }).popularity).toBe(0.25);
  });
});

describe("naming rankers", () => {
  it("names one model alone by the model, and a blend by its parts", () => {
    expect(rankerKind(ALS_RANKER)).toBe("als");
    expect(rankerName(ALS_RANKER)).toBe("ALS");
    expect(rankerKind({ als: 0, itemKnn: 0, popularity: 1 })).toBe("popularity");
    expect(rankerKind({ als: 0, itemKnn: 2, popularity: 0 })).toBe("item-knn");
    expect(rankerName({ ...ALS_RANKER, als: 0, itemKnn: 1 })).toBe("item-kNN (bm25, K=50)");
    expect(rankerName({ ...ALS_RANKER, popularity: 0.25 })).toBe("blend ALS 1 + popularity 0.25");
  });
});
