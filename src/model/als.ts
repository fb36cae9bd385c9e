/**
 * Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008), minimising
 *   Σ_u Σ_i c_ui (p_ui − x_uᵀy_i)² + Σ_u λ_u |x_u|² + Σ_i λ_i |y_i|²,   p_ui = [w_ui > 0]
 * with confidence c_ui from the weights (linear or logarithmic) and row ridges λ_u = λ·(Σ_i c_ui)^ν
 * (ν = 0: plain L2; ν > 0: frequency-scaled, Rendle et al. 2021), by alternately solving every user
 * row against fixed items and every item row against fixed users.
 * Works on dense indices and flat typed arrays only; knows nothing of ids or storage.
 */
import { type ConfidenceScaling, confidenceOf, type RowProblemOptions, rowRidge } from "./confidence";
import { type Csr, mapValues, transpose } from "./csr";
import { dot, gramian } from "./linalg";
import { createGaussian, createRandom } from "./random";
import { type RowSlice, SolverScratch, solveRowCG, solveRowExact } from "./solvers";

export type AlsSolver = "cg" | "cholesky";

export interface AlsOptions extends RowProblemOptions {
  factors: number;
  iterations: number;
  seed: number;
  solver: AlsSolver;
  /** Conjugate-gradient steps per row and sweep (Takács et al. find 2–3 enough when warm-started). */
  cgSteps: number;
}

export const DEFAULT_ALS_OPTIONS: AlsOptions = {
  factors: 64,
  iterations: 15,
  // Chosen on held-out data (the sample shop, and Online Retail before 2011-11-01): with α = 40 and
  // λ = 0.01 the item factors overfit and ALS falls behind popularity on small shops.
  alpha: 20,
  scaling: "linear" satisfies ConfidenceScaling,
  epsilon: 1,
  regularization: 150,
  regularizationExponent: 0,
  seed: 42,
  solver: "cg",
  cgSteps: 3,
};

export interface AlsIteration {
  iteration: number;
  seconds: number;
  loss: number;
}

export interface AlsFactors {
  factors: number;
  users: number;
  items: number;
  /** users × factors, row-major. */
  userFactors: Float64Array;
  /** items × factors, row-major. */
  itemFactors: Float64Array;
}

export interface AlsResult extends AlsFactors {
  history: AlsIteration[];
}

/** The confidence of every stored entry. */
export function confidenceFromWeights(weights: Csr, options: RowProblemOptions): Csr {
  return mapValues(weights, (w) => confidenceOf(w, options));
}

/** λ_u for every row of a confidence matrix. */
export function rowRidges(confidence: Csr, options: RowProblemOptions): Float64Array {
  const ridges = new Float64Array(confidence.rows);
  for (let u = 0; u < confidence.rows; u++) {
    let extra = 0;
    for (let p = confidence.indptr[u]; p < confidence.indptr[u + 1]; p++) extra += confidence.data[p] - 1;
    ridges[u] = rowRidge(extra, confidence.cols, options);
  }
  return ridges;
}

/** Random factors with standard deviation 0.1/√k (Rendle et al. 2021), small enough that the first sweep is dominated by the data. */
function initialFactors(rows: number, k: number, gaussian: () => number): Float64Array {
  const out = new Float64Array(rows * k);
  const scale = 0.1 / Math.sqrt(k);
  for (let p = 0; p < out.length; p++) out[p] = gaussian() * scale;
  return out;
}

/**
 * One half-sweep: re-solves every row of `x` against the fixed `y`.
 * x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u   for every row u of `confidence`
 */
export function solveAllRows(
  confidence: Csr,
  ridges: Float64Array,
  x: Float64Array,
  y: Float64Array,
  k: number,
  solver: AlsSolver,
  cgSteps: number,
): void {
  const gram = gramian(y, confidence.cols, k);
  const scratch = new SolverScratch(k);
  const row: { -readonly [K in keyof RowSlice]: RowSlice[K] } = {
    indices: confidence.indices,
    confidence: confidence.data,
    start: 0,
    end: 0,
  };
  for (let u = 0; u < confidence.rows; u++) {
    row.start = confidence.indptr[u];
    row.end = confidence.indptr[u + 1];
    if (solver === "cg") solveRowCG(row, y, gram, ridges[u], k, x, u * k, cgSteps, scratch);
    else solveRowExact(row, y, gram, ridges[u], k, x, u * k, scratch);
  }
}

function weightedSquaredNorms(f: Float64Array, ridges: Float64Array, k: number): number {
  let s = 0;
  for (let r = 0; r < ridges.length; r++) s += ridges[r] * dot(f, r * k, f, r * k, k);
  return s;
}

/**
 * The training objective divided by the total confidence mass (as in the `implicit` library),
 * computed without visiting the zero entries:
 *   Σ_u [x_uᵀ(YᵀY)x_u + Σ_{i∈N(u)} (c_ui(1 − s_ui)² − s_ui²)] + Σ_u λ_u|x_u|² + Σ_i λ_i|y_i|²,  s_ui = x_uᵀy_i
 */
export function alsLoss(
  confidence: Csr,
  x: Float64Array,
  y: Float64Array,
  k: number,
  userRidges: Float64Array,
  itemRidges: Float64Array,
): number {
  const gram = gramian(y, confidence.cols, k);
  let loss = 0;
  let totalConfidence = 0;
  const gx = new Float64Array(k);
  for (let u = 0; u < confidence.rows; u++) {
    const xu = u * k;
    for (let f = 0; f < k; f++) gx[f] = dot(gram, f * k, x, xu, k);
    loss += dot(gx, 0, x, xu, k);
    for (let p = confidence.indptr[u]; p < confidence.indptr[u + 1]; p++) {
      const c = confidence.data[p];
      const s = dot(x, xu, y, confidence.indices[p] * k, k);
      loss += c * (1 - s) * (1 - s) - s * s;
      totalConfidence += c;
    }
  }
  loss += weightedSquaredNorms(x, userRidges, k) + weightedSquaredNorms(y, itemRidges, k);
  const nnz = confidence.indices.length;
  const mass = totalConfidence + confidence.rows * confidence.cols - nnz;
  return mass > 0 ? loss / mass : 0;
}

/** Trains user and item factors from a users × items matrix of non-negative interaction weights. */
export function trainAls(weights: Csr, options: AlsOptions, onIteration?: (info: AlsIteration) => void): AlsResult {
  const { factors: k, iterations, solver, cgSteps } = options;
  const confidence = confidenceFromWeights(weights, options);
  const confidenceT = transpose(confidence);
  const userRidges = rowRidges(confidence, options);
  const itemRidges = rowRidges(confidenceT, options);
  const gaussian = createGaussian(createRandom(options.seed));
  const userFactors = initialFactors(weights.rows, k, gaussian);
  const itemFactors = initialFactors(weights.cols, k, gaussian);
  const history: AlsIteration[] = [];
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const started = performance.now();
    solveAllRows(confidence, userRidges, userFactors, itemFactors, k, solver, cgSteps);
    solveAllRows(confidenceT, itemRidges, itemFactors, userFactors, k, solver, cgSteps);
    const seconds = (performance.now() - started) / 1000;
    const loss = alsLoss(confidence, userFactors, itemFactors, k, userRidges, itemRidges);
    const info = { iteration, seconds, loss };
    history.push(info);
    onIteration?.(info);
  }
  return { factors: k, users: weights.rows, items: weights.cols, userFactors, itemFactors, history };
}
