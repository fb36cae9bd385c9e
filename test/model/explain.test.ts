import { describe, expect, it } from "vitest";
import { type AlsOptions, DEFAULT_ALS_OPTIONS, trainAls } from "../../src/model/als";
import { Explainer } from "../../src/model/explain";
import { foldIn, foldInGram } from "../../src/model/fold-in";
import { blockFixture } from "../helpers/block-fixture";

describe.each<[string, Partial<AlsOptions>]>([
  ["plain L2", {}],
  ["log confidence, frequency-scaled L2", { scaling: "log", regularizationExponent: 1, regularization: 0.005 }],
])("explanations (%s)", (_name, change) => {
  const opts: AlsOptions = {
    ...DEFAULT_ALS_OPTIONS,
    factors: 4,
    iterations: 10,
    alpha: 10,
    regularization: 0.1,
    seed: 3,
    solver: "cholesky",
    ...change,
  };
  const { weights } = blockFixture();
  const model = trainAls(weights, opts);
  const k = opts.factors;
  const gram = foldInGram(model.itemFactors, weights.cols, k);
  // User 9 (block 1) has bought items 5..9, and user 0's history is items 1..4 of block 0.
  const history = { items: [5, 6, 7, 12], weights: [1, 2, 1, 1] };
  const x = foldIn(history.items, history.weights, model.itemFactors, gram, k, weights.cols, opts);
  const explainer = new Explainer(history.items, history.weights, model.itemFactors, gram, k, weights.cols, opts);

  it("contributions add up to the score x_u · y_i", () => {
    for (const target of [8, 9, 0, 13]) {
      const total = explainer.contributions(target).reduce((a, b) => a + b, 0);
      let score = 0;
      for (let f = 0; f < k; f++) score += x[f] * model.itemFactors[target * k + f];
      expect(total).toBeCloseTo(score, 10);
    }
  });

  it("credits a block's own items for a recommendation from that block", () => {
    const c = explainer.contributions(8); // item 8 is in block 1, like items 5, 6, 7
    const byItem = new Map(explainer.items.map((item, t) => [item, c[t]]));
    expect(Math.max(byItem.get(5)!, byItem.get(6)!, byItem.get(7)!)).toBeGreaterThan(byItem.get(12)!);
  });
});
