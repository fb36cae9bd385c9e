import { describe, expect, it } from "vitest";
import { type AlsOptions, confidenceFromWeights, DEFAULT_ALS_OPTIONS, rowRidges, solveAllRows, trainAls } from "../../src/model/als";
import { foldIn, foldInGram } from "../../src/model/fold-in";
import { blockFixture } from "../helpers/block-fixture";

const base: AlsOptions = {
  ...DEFAULT_ALS_OPTIONS,
  factors: 4,
  iterations: 10,
  alpha: 10,
  regularization: 0.1,
  seed: 3,
  solver: "cholesky",
};

describe.each<[string, AlsOptions]>([
  ["linear confidence, plain L2", base],
  ["log confidence, frequency-scaled L2", { ...base, scaling: "log", epsilon: 0.5, regularizationExponent: 1, regularization: 0.005 }],
])("fold-in with %s", (_name, opts) => {
  const { weights } = blockFixture();
  const model = trainAls(weights, opts);
  const k = opts.factors;
  const gram = foldInGram(model.itemFactors, weights.cols, k);
  const fold = (items: ArrayLike<number>, w: ArrayLike<number>) => foldIn(items, w, model.itemFactors, gram, k, weights.cols, opts);

  it("gives the same vector as re-solving that customer's row in a full sweep", () => {
    const x = model.userFactors.slice();
    const confidence = confidenceFromWeights(weights, opts);
    solveAllRows(confidence, rowRidges(confidence, opts), x, model.itemFactors, k, "cholesky", 0);
    for (const user of [0, 5, 17]) {
      const start = weights.indptr[user];
      const end = weights.indptr[user + 1];
      const vector = fold(weights.indices.subarray(start, end), weights.data.subarray(start, end));
      for (let f = 0; f < k; f++) expect(vector[f]).toBeCloseTo(x[user * k + f], 10);
    }
  });

  it("sums repeated items and ignores those whose weight nets to zero or less", () => {
    const once = fold([2, 3], [2, 1]);
    const split = fold([2, 3, 2, 9, 9], [1, 1, 1, 1, -1]);
    for (let f = 0; f < k; f++) expect(split[f]).toBeCloseTo(once[f], 12);
  });

  it("returns the zero vector for a customer with nothing positive", () => {
    expect(Array.from(fold([1], [-1]))).toEqual([0, 0, 0, 0]);
  });
});
