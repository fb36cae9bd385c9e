import { Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  type AlsOptions,
  type AlsSolver,
  alsLoss,
  confidenceFromWeights,
  DEFAULT_ALS_OPTIONS,
  rowRidges,
  solveAllRows,
  trainAls,
} from "../../src/model/als";
import { confidenceOf, rowRidge } from "../../src/model/confidence";
import { transpose } from "../../src/model/csr";
import { gramian } from "../../src/model/linalg";
import { createGaussian, createRandom } from "../../src/model/random";
import { type RowSlice, SolverScratch, solveRowCG, solveRowExact } from "../../src/model/solvers";
import { topK } from "../../src/model/top-k";
import { blockFixture } from "../helpers/block-fixture";

const options: Omit<AlsOptions, "solver"> = {
  ...DEFAULT_ALS_OPTIONS,
  factors: 4,
  iterations: 15,
  alpha: 10,
  regularization: 0.1,
  seed: 7,
  cgSteps: 3,
};

function scoresFor(user: number, x: Float64Array, y: Float64Array, k: number, items: number): Float64Array {
  return Float64Array.from({ length: items }, (_, i) => {
    let s = 0;
    for (let f = 0; f < k; f++) s += x[user * k + f] * y[i * k + f];
    return s;
  });
}

describe.each<AlsSolver>(["cg", "cholesky"])("ALS with the %s solver", (solver) => {
  const { weights, items } = blockFixture();
  const model = trainAls(weights, { ...options, solver });

  it("ranks the withheld item first for the user who has not bought it", () => {
    const skip = new Uint8Array(items);
    for (let p = weights.indptr[0]; p < weights.indptr[1]; p++) skip[weights.indices[p]] = 1;
    const [best] = topK(scoresFor(0, model.userFactors, model.itemFactors, options.factors, items), 1, skip);
    expect(best.index).toBe(0);
  });

  it("scores a user's own block above every other block", () => {
    const scores = scoresFor(9, model.userFactors, model.itemFactors, options.factors, items); // user 9 is in block 1 (items 5..9)
    const inBlock = Math.min(...scores.slice(5, 10));
    const outside = Math.max(...scores.slice(0, 5), ...scores.slice(10));
    expect(inBlock).toBeGreaterThan(outside);
  });

  it("lowers the loss from the first iteration to the last", () => {
    expect(model.history).toHaveLength(options.iterations);
    expect(model.history.at(-1)!.loss).toBeLessThan(model.history[0].loss);
  });

  it("is deterministic for a seed", () => {
    const again = trainAls(weights, { ...options, solver });
    expect(Array.from(again.itemFactors)).toEqual(Array.from(model.itemFactors));
  });
});

describe.each([
  [5, [1, 4, 7, 11], [3, 11, 2, 41]],
  [8, [0, 2, 3, 5, 6, 8, 9, 10, 11], [2, 5, 1.5, 9, 3, 3, 21, 4, 7]],
  [13, [2, 9], [6, 2]],
])("the per-row solvers with %i factors", (k, indices, confidence) => {
  const items = 12;
  const gaussian = createGaussian(createRandom(3));
  const y = Float64Array.from({ length: items * k }, () => gaussian());
  const row: RowSlice = { indices, confidence, start: 0, end: indices.length };
  const lambda = 0.5;
  const gram = gramian(y, items, k);

  /** The textbook formula over all items with a dense C_u: x = (YᵀC_uY + λI)⁻¹ YᵀC_u p_u. */
  function denseReference(): number[] {
    const c = new Array(items).fill(1);
    const p = new Array(items).fill(0);
    (row.indices as number[]).forEach((i, t) => {
      c[i] = (row.confidence as number[])[t];
      p[i] = 1;
    });
    const Y = new Matrix(Array.from({ length: items }, (_, i) => Array.from(y.subarray(i * k, i * k + k))));
    const Cu = Matrix.diag(c);
    const a = Y.transpose().mmul(Cu).mmul(Y).add(Matrix.eye(k).mul(lambda));
    const b = Y.transpose().mmul(Cu).mmul(Matrix.columnVector(p));
    return solve(a, b).getColumn(0);
  }

  it("the exact solver matches the dense textbook formula", () => {
    const out = new Float64Array(k);
    solveRowExact(row, y, gram, lambda, k, out, 0, new SolverScratch(k));
    denseReference().forEach((v, f) => expect(out[f]).toBeCloseTo(v, 9));
  });

  it("conjugate gradient converges to the exact solution in k steps", () => {
    const x = new Float64Array(k);
    solveRowCG(row, y, gram, lambda, k, x, 0, k, new SolverScratch(k));
    denseReference().forEach((v, f) => expect(x[f]).toBeCloseTo(v, 6));
  });

  it("conjugate gradient warm-started near the solution stays there", () => {
    const exact = Float64Array.from(denseReference());
    const x = exact.slice();
    solveRowCG(row, y, gram, lambda, k, x, 0, 3, new SolverScratch(k));
    exact.forEach((v, f) => expect(x[f]).toBeCloseTo(v, 9));
  });
});

describe("CG and Cholesky training", () => {
  it("give the same factors when CG takes as many steps as there are factors", () => {
    const { weights } = blockFixture(4, 10, 6);
    const cg = trainAls(weights, { ...options, iterations: 10, solver: "cg", cgSteps: options.factors });
    const exact = trainAls(weights, { ...options, iterations: 10, solver: "cholesky" });
    exact.itemFactors.forEach((v, p) => expect(cg.itemFactors[p]).toBeCloseTo(v, 6));
    exact.userFactors.forEach((v, p) => expect(cg.userFactors[p]).toBeCloseTo(v, 6));
  });

  it.each<[string, Partial<AlsOptions>]>([
    ["linear confidence, plain L2", {}],
    ["log confidence, frequency-scaled L2", { scaling: "log", epsilon: 0.5, regularizationExponent: 1, regularization: 0.005 }],
  ])("a sweep of exact solves never raises the loss (%s)", (_name, change) => {
    const opts = { ...options, ...change };
    const { weights } = blockFixture();
    const k = opts.factors;
    const conf = confidenceFromWeights(weights, opts);
    const confT = transpose(conf);
    const userRidges = rowRidges(conf, opts);
    const itemRidges = rowRidges(confT, opts);
    const g = createGaussian(createRandom(1));
    const x = Float64Array.from({ length: weights.rows * k }, () => g() * 0.1);
    const y = Float64Array.from({ length: weights.cols * k }, () => g() * 0.1);
    let previous = alsLoss(conf, x, y, k, userRidges, itemRidges);
    for (let sweep = 0; sweep < 5; sweep++) {
      solveAllRows(conf, userRidges, x, y, k, "cholesky", 0);
      solveAllRows(confT, itemRidges, y, x, k, "cholesky", 0);
      const loss = alsLoss(conf, x, y, k, userRidges, itemRidges);
      expect(loss).toBeLessThanOrEqual(previous + 1e-12);
      previous = loss;
    }
  });
});

describe("confidence and regularization", () => {
  it("linear confidence is 1 + αw and log confidence is 1 + α·log(1 + w/ε)", () => {
    expect(confidenceOf(3, { alpha: 2, scaling: "linear", epsilon: 1 })).toBe(7);
    expect(confidenceOf(3, { alpha: 2, scaling: "log", epsilon: 0.5 })).toBeCloseTo(1 + 2 * Math.log(7), 12);
  });

  it("frequency scaling multiplies λ by the row's confidence mass to the power ν", () => {
    // 10 columns, observed confidences 5 and 3: mass = 10 + 4 + 2 = 16.
    expect(rowRidge(6, 10, { regularization: 0.5, regularizationExponent: 0 })).toBe(0.5);
    expect(rowRidge(6, 10, { regularization: 0.5, regularizationExponent: 1 })).toBe(8);
    expect(rowRidge(6, 10, { regularization: 0.5, regularizationExponent: 0.5 })).toBe(2);
  });
});
