import { Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  type AlsKernel,
  type AlsOptions,
  type AlsSolver,
  alsLoss,
  confidenceFromWeights,
  DEFAULT_ALS_OPTIONS,
  rowRidges,
  solveAllRows,
  trainAls,
} from "../../src/model/als";
import { confidenceOf, MAX_CONFIDENCE, rowRidge } from "../../src/model/confidence";
import { csrFromTriples, transpose } from "../../src/model/csr";
import { dot, gramian } from "../../src/model/linalg";
import { createGaussian, createRandom } from "../../src/model/random";
import { type CsrRowSlice, SolverScratch, solveRowCG, solveRowExact } from "../../src/model/solvers";
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
    expect(Array.from(again.userFactors)).toEqual(Array.from(model.userFactors));
    // And the seed is used: another seed starts elsewhere and ends with other factors.
    const other = trainAls(weights, { ...options, solver, seed: options.seed + 1 });
    expect(Array.from(other.itemFactors)).not.toEqual(Array.from(model.itemFactors));
    expect(Array.from(other.userFactors)).not.toEqual(Array.from(model.userFactors));
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
  const row: CsrRowSlice = { indices: Int32Array.from(indices), confidence: Float64Array.from(confidence), start: 0, end: indices.length };
  const lambda = 0.5;
  const gram = gramian(y, items, k);

  /** The textbook formula over all items with a dense C_u: x = (YᵀC_uY + λI)⁻¹ YᵀC_u p_u. */
  function denseReference(): number[] {
    const c = new Array(items).fill(1);
    const p = new Array(items).fill(0);
    row.indices.forEach((i, t) => {
      c[i] = row.confidence[t];
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

describe("a warm start", () => {
  it("continues training exactly: 3 sweeps, then 5 more from there, are 8 sweeps", () => {
    const weights = csrFromTriples(6, 5, [0, 0, 1, 2, 3, 3, 4, 5, 5], [0, 1, 1, 2, 3, 4, 0, 2, 4], [1, 2, 1, 3, 1, 1, 2, 1, 5]);
    const options = { ...DEFAULT_ALS_OPTIONS, factors: 3, regularization: 0.1 };
    const straight = trainAls(weights, { ...options, iterations: 8 });
    const start = trainAls(weights, { ...options, iterations: 3 });
    const continued = trainAls(weights, { ...options, iterations: 5 }, undefined, undefined, start);
    expect(Array.from(continued.userFactors)).toEqual(Array.from(straight.userFactors));
    expect(Array.from(continued.itemFactors)).toEqual(Array.from(straight.itemFactors));
    expect(continued.history.at(-1)!.loss).toBe(straight.history.at(-1)!.loss);
  });

  it("refuses factors of another shape", () => {
    const weights = csrFromTriples(2, 2, [0, 1], [0, 1], [1, 1]);
    const start = trainAls(weights, { ...DEFAULT_ALS_OPTIONS, factors: 2, iterations: 1 });
    expect(() => trainAls(weights, { ...DEFAULT_ALS_OPTIONS, factors: 3, iterations: 1 }, undefined, undefined, start)).toThrow(
      /warm-start factors do not match/,
    );
  });
});

describe("CG and Cholesky training", () => {
  // The TypeScript CG in float64 holds to 6 digits on an ill-conditioned problem (λ = 0.1 against the
  // block structure's confidences); the WebAssembly kernel's float32 CG, whose k steps are exact only up
  // to float32 rounding times the condition number, holds to 4 digits where λ = 3 keeps that number small.
  it.each<[AlsKernel, number, number]>([
    ["js", 0.1, 6],
    ["wasm", 3, 4],
  ])("give the same factors when CG takes as many steps as there are factors (%s kernel, λ = %d)", (kernel, regularization, digits) => {
    const { weights } = blockFixture(4, 10, 6);
    const settings = { ...options, regularization, iterations: 10 };
    const cg = trainAls(weights, { ...settings, solver: "cg", cgSteps: options.factors, kernel });
    const exact = trainAls(weights, { ...settings, solver: "cholesky" });
    expect(cg.kernel).toBe(kernel);
    exact.itemFactors.forEach((v, p) => expect(cg.itemFactors[p]).toBeCloseTo(v, digits));
    exact.userFactors.forEach((v, p) => expect(cg.userFactors[p]).toBeCloseTo(v, digits));
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

describe("a confidence beyond a solver's range", () => {
  it("is held at MAX_CONFIDENCE", () => {
    const linear = { alpha: 10, scaling: "linear" as const, epsilon: 1 };
    expect(confidenceOf((MAX_CONFIDENCE - 1) / 10, linear)).toBe(MAX_CONFIDENCE);
    expect(confidenceOf(1e300, linear)).toBe(MAX_CONFIDENCE);
    expect(confidenceOf(Number.POSITIVE_INFINITY, linear)).toBe(MAX_CONFIDENCE);
    expect(confidenceOf(Number.MAX_VALUE, { ...linear, scaling: "log" })).toBeCloseTo(1 + 10 * Math.log1p(Number.MAX_VALUE), 9);
  });

  it.each<AlsKernel>(["js", "wasm"])("still trains its row on the %s kernel, like any very confident pair", (kernel) => {
    const options = { ...DEFAULT_ALS_OPTIONS, factors: 3, iterations: 3, regularization: 0.1, alpha: 1, kernel };
    for (const weight of [1e9, MAX_CONFIDENCE, 1e16, 1e300, Number.POSITIVE_INFINITY]) {
      const model = trainAls(csrFromTriples(3, 3, [0, 1, 2, 2], [0, 1, 2, 0], [1, 1, weight, 1]), options);
      const score = (u: number, i: number) => dot(model.userFactors, u * 3, model.itemFactors, i * 3, 3);
      expect(Number.isFinite(model.history.at(-1)!.loss)).toBe(true);
      expect(score(2, 2)).toBeCloseTo(1, 2);
      expect(score(2, 0)).toBeGreaterThan(0.9);
      expect(score(2, 1)).toBeLessThan(0.1);
    }
  });
});

describe("the ALS loss", () => {
  // 2 users × 3 items, weights w_00 = 1, w_02 = 2, w_11 = 1; α = 2, linear: c = 1 + 2w, so
  //   c_00 = 3, c_02 = 5, c_11 = 3 (p = 1), and c = 1, p = 0 for the other three entries.
  const weights = csrFromTriples(2, 3, [0, 0, 1], [0, 2, 1], [1, 2, 1]);
  const k = 2;
  // x_0 = (1, 0.5), x_1 = (0, 1);  y_0 = (0.5, 0), y_1 = (1, 1), y_2 = (0.5, −0.5).
  const x = Float64Array.from([1, 0.5, 0, 1]);
  const y = Float64Array.from([0.5, 0, 1, 1, 0.5, -0.5]);
  // Scores s_ui = x_uᵀy_i:  s_00 = 0.5, s_01 = 1.5, s_02 = 0.25;  s_10 = 0, s_11 = 1, s_12 = −0.5.
  // Σ c_ui (p_ui − s_ui)² = 3·0.5² + 1·1.5² + 5·0.75² + 1·0² + 3·0² + 1·0.5²
  //                       = 0.75 + 2.25 + 2.8125 + 0 + 0 + 0.25 = 6.0625
  // |x_0|² = 1.25, |x_1|² = 1;  |y_0|² = 0.25, |y_1|² = 2, |y_2|² = 0.5.
  // Confidence mass Σ c_ui = 3 + 1 + 5 + 1 + 3 + 1 = 14, the divisor.
  const base = { alpha: 2, scaling: "linear" as const, epsilon: 1, regularization: 0.1 };

  it("is the objective over the confidence mass, by hand for plain L2", () => {
    const opts = { ...base, regularizationExponent: 0 };
    const conf = confidenceFromWeights(weights, opts);
    expect(Array.from(conf.data)).toEqual([3, 5, 3]);
    const userRidges = rowRidges(conf, opts);
    const itemRidges = rowRidges(transpose(conf), opts);
    expect(Array.from(userRidges)).toEqual([0.1, 0.1]);
    expect(Array.from(itemRidges)).toEqual([0.1, 0.1, 0.1]);
    // λ Σ|x_u|² = 0.1·2.25 = 0.225;  λ Σ|y_i|² = 0.1·2.75 = 0.275.
    // (6.0625 + 0.225 + 0.275) / 14 = 6.5625 / 14 = 0.46875
    expect(alsLoss(conf, x, y, k, userRidges, itemRidges)).toBeCloseTo(0.46875, 12);
  });

  it("is the objective over the confidence mass, by hand for frequency-scaled L2", () => {
    const opts = { ...base, regularizationExponent: 1 };
    const conf = confidenceFromWeights(weights, opts);
    // λ_u = 0.1·(row mass): users 3+1+5 = 9 and 1+3+1 = 5; items 3+1 = 4, 1+3 = 4, 5+1 = 6.
    const userRidges = rowRidges(conf, opts);
    const itemRidges = rowRidges(transpose(conf), opts);
    [0.9, 0.5].forEach((v, u) => expect(userRidges[u]).toBeCloseTo(v, 12));
    [0.4, 0.4, 0.6].forEach((v, i) => expect(itemRidges[i]).toBeCloseTo(v, 12));
    // Σ λ_u|x_u|² = 0.9·1.25 + 0.5·1 = 1.625;  Σ λ_i|y_i|² = 0.4·0.25 + 0.4·2 + 0.6·0.5 = 1.2.
    // (6.0625 + 1.625 + 1.2) / 14 = 8.8875 / 14 = 0.634821428571...
    expect(alsLoss(conf, x, y, k, userRidges, itemRidges)).toBeCloseTo(8.8875 / 14, 12);
  });

  it("is the same computed from XᵀX, when the caller has it", () => {
    const opts = { ...base, regularizationExponent: 1 };
    const conf = confidenceFromWeights(weights, opts);
    const userRidges = rowRidges(conf, opts);
    const itemRidges = rowRidges(transpose(conf), opts);
    const withGrams = alsLoss(conf, x, y, k, userRidges, itemRidges, gramian(y, 3, k), gramian(x, 2, k));
    expect(withGrams).toBeCloseTo(8.8875 / 14, 12);
  });

  it("is zero only for a perfect fit without regularization", () => {
    // x_0 = (1, 0), x_1 = (0, 1), y_0 = y_2 = (1, 0), y_1 = (0, 1): s = p exactly (p_00 = p_02 = p_11 = 1).
    const opts = { ...base, regularization: 0, regularizationExponent: 0 };
    const conf = confidenceFromWeights(weights, opts);
    const ridges = (n: number) => new Float64Array(n);
    const exactX = Float64Array.from([1, 0, 0, 1]);
    const exactY = Float64Array.from([1, 0, 0, 1, 1, 0]);
    expect(alsLoss(conf, exactX, exactY, k, ridges(2), ridges(3))).toBeCloseTo(0, 15);
    // Scaling every factor by 2 gives s = 2p: Σ c(1 − 2)² = 3 + 5 + 3 = 11 over the observed entries, 0 elsewhere.
    expect(
      alsLoss(
        conf,
        exactX.map((v) => 2 * v),
        exactY,
        k,
        ridges(2),
        ridges(3),
      ),
    ).toBeCloseTo(11 / 14, 12);
  });
});

describe("ALS at confidence 1 and no regularization", () => {
  it("reconstructs a rank-3 binary matrix exactly with 3 factors and the exact solver", () => {
    // P = 7 × 6 rows a, b, c, a+b, b+c, a+c, a+b+c of three disjoint item pairs: rank 3.
    const a = [1, 1, 0, 0, 0, 0];
    const b = [0, 0, 1, 1, 0, 0];
    const c = [0, 0, 0, 0, 1, 1];
    const add = (...rows: number[][]) => rows[0].map((_, i) => rows.reduce((s, r) => s + r[i], 0));
    const p = [a, b, c, add(a, b), add(b, c), add(a, c), add(a, b, c)];
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    p.forEach((row, u) =>
      row.forEach((v, i) => {
        if (v === 0) return;
        rows.push(u);
        cols.push(i);
        vals.push(3.5); // any positive weight means p_ui = 1; with α = 0 it also means c_ui = 1
      }),
    );
    const weights = csrFromTriples(p.length, 6, rows, cols, vals);
    const exact: AlsOptions = {
      ...DEFAULT_ALS_OPTIONS,
      factors: 3,
      iterations: 5,
      alpha: 0, // c = 1 + 0·w = 1 everywhere: plain least squares on ‖P − XYᵀ‖²
      scaling: "linear",
      regularization: 0,
      regularizationExponent: 0,
      solver: "cholesky",
      seed: 5,
    };
    const model = trainAls(weights, exact);
    let worst = 0;
    p.forEach((row, u) => {
      const scores = scoresFor(u, model.userFactors, model.itemFactors, exact.factors, row.length);
      row.forEach((v, i) => (worst = Math.max(worst, Math.abs(scores[i] - v))));
    });
    expect(worst).toBeLessThan(1e-6);
    // The loss is ‖P − XYᵀ‖² / 42 (every entry has confidence 1): zero, to rounding.
    expect(model.history.at(-1)!.loss).toBeLessThan(1e-12);
  });
});
