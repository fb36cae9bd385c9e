import { describe, expect, it } from "vitest";
import { solveAllRows, trainAls } from "../../src/model/als";
import { confidenceFromWeights } from "../../src/model/als";
import { foldIn, foldInGram } from "../../src/model/fold-in";
import { blockFixture } from "../helpers/block-fixture";

describe("fold-in", () => {
  const { weights } = blockFixture();
  const opts = { factors: 4, iterations: 10, alpha: 10, regularization: 0.1, seed: 3, solver: "cholesky" as const, cgSteps: 3 };
  const model = trainAls(weights, opts);
  const k = opts.factors;

  it("gives the same vector as re-solving that customer's row in a full sweep", () => {
    const x = model.userFactors.slice();
    solveAllRows(confidenceFromWeights(weights, opts.alpha), x, model.itemFactors, k, opts.regularization, "cholesky", 0);
    const gram = foldInGram(model.itemFactors, weights.cols, k, opts.regularization);
    for (const user of [0, 5, 17]) {
      const start = weights.indptr[user];
      const end = weights.indptr[user + 1];
      const vector = foldIn(weights.indices.subarray(start, end), weights.data.subarray(start, end), model.itemFactors, gram, k, opts.alpha);
      for (let f = 0; f < k; f++) expect(vector[f]).toBeCloseTo(x[user * k + f], 10);
    }
  });

  it("sums repeated items and ignores those whose weight nets to zero or less", () => {
    const gram = foldInGram(model.itemFactors, weights.cols, k, opts.regularization);
    const once = foldIn([2, 3], [2, 1], model.itemFactors, gram, k, opts.alpha);
    const split = foldIn([2, 3, 2, 9, 9], [1, 1, 1, 1, -1], model.itemFactors, gram, k, opts.alpha);
    for (let f = 0; f < k; f++) expect(split[f]).toBeCloseTo(once[f], 12);
  });

  it("returns the zero vector for a customer with nothing positive", () => {
    const gram = foldInGram(model.itemFactors, weights.cols, k, opts.regularization);
    expect(Array.from(foldIn([1], [-1], model.itemFactors, gram, k, opts.alpha))).toEqual([0, 0, 0, 0]);
  });
});
