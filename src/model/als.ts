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
import { gramianWasm } from "./kernels/cg-wasm";
import { dot4, gramianBlocked, ridgedTimes } from "./linalg";
import { type AlsKernel, type AlsProblem, type AlsSolver, resolveKernel, RowSolver } from "./als-rows";
import { createGaussian, createRandom } from "./random";
import { SolverScratch, solveRowCG, solveRowExact } from "./solvers";

export { type AlsKernel, type AlsProblem, type AlsSide, type AlsSolver, RowSolver } from "./als-rows";

export interface AlsOptions extends RowProblemOptions {
  factors: number;
  iterations: number;
  seed: number;
  solver: AlsSolver;
  /** Conjugate-gradient steps per row and sweep (Takács et al. find 2–3 enough when warm-started). */
  cgSteps: number;
  /** CG's implementation (see AlsKernel); by default the WebAssembly kernel where it runs. */
  kernel?: AlsKernel;
  /** Compute the objective after each sweep (default true); a run that is only scored, as in tuning, skips it (loss: NaN). */
  computeLoss?: boolean;
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
  /** The kernel the row solves ran on (see AlsKernel). */
  kernel: AlsKernel;
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
 * Where a training run keeps its arrays and how it solves a side: in this thread, by default, or on
 * several (a runtime that allocates shared memory and hands row ranges to worker threads).
 */
export interface AlsRuntime {
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  /** Re-solves every row of one side (see solveRows). */
  solveSide(problem: AlsProblem, side: 0 | 1, gram: Float64Array): void;
}

/** Plain arrays, every row in this thread. */
export const SINGLE_THREAD: AlsRuntime = {
  float64: (length) => new Float64Array(length),
  int32: (length) => new Int32Array(length),
  solveSide: (problem, side, gram) => {
    let solver = singleThreadSolvers.get(problem);
    if (solver === undefined) singleThreadSolvers.set(problem, (solver = new RowSolver(problem)));
    solver.beginSide(side, gram);
    solver.solveRows(0, problem.sides[side].confidence.rows);
  },
};

/** SINGLE_THREAD's row solver of each training run, made on its first side (the wasm kernel copies the problem once). */
const singleThreadSolvers = new WeakMap<AlsProblem, RowSolver>();

/** One half-sweep in this thread, with the TypeScript solvers: re-solves every row of `x` against the fixed `y` (see RowSolver). */
export function solveAllRows(
  confidence: Csr,
  ridges: Float64Array,
  x: Float64Array,
  y: Float64Array,
  k: number,
  solver: AlsSolver,
  cgSteps: number,
): void {
  solveRowsAgainst(confidence, ridges, x, y, k, solver, cgSteps, null);
}

/** Re-solves only `rows` of `x` exactly against the fixed `y` (x_u = (YᵀC_uY + λ_uI)⁻¹YᵀC_up_u), leaving the others as they are. */
export function solveRowsExact(
  confidence: Csr,
  ridges: Float64Array,
  x: Float64Array,
  y: Float64Array,
  k: number,
  rows: ArrayLike<number>,
): void {
  solveRowsAgainst(confidence, ridges, x, y, k, "cholesky", 0, rows);
}

/** Re-solves `rows` of `x` (every row when null) against the fixed `y`, by CG steps or exactly. */
function solveRowsAgainst(
  confidence: Csr,
  ridges: Float64Array,
  x: Float64Array,
  y: Float64Array,
  k: number,
  solver: AlsSolver,
  cgSteps: number,
  rows: ArrayLike<number> | null,
): void {
  const n = rows === null ? confidence.rows : rows.length;
  if (n === 0) return;
  const gram = gramianBlocked(y, confidence.cols, k);
  const scratch = new SolverScratch(k);
  const row = { indices: confidence.indices, confidence: confidence.data, start: 0, end: 0 };
  for (let r = 0; r < n; r++) {
    const u = rows === null ? r : rows[r];
    row.start = confidence.indptr[u];
    row.end = confidence.indptr[u + 1];
    if (solver === "cg") solveRowCG(row, y, gram, ridges[u], k, x, u * k, cgSteps, scratch);
    else solveRowExact(row, y, gram, ridges[u], k, x, u * k, scratch);
  }
}

function weightedSquaredNorms(f: Float64Array, ridges: Float64Array, k: number): number {
  let s = 0;
  for (let r = 0; r < ridges.length; r++) s += ridges[r] * dot4(f, r * k, f, r * k, k);
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
  /** YᵀY, when the caller has it already. */
  gram: Float64Array = gramianBlocked(y, confidence.cols, k),
  /** XᵀX, when the caller has it already: then Σ_u x_uᵀ(YᵀY)x_u = Σ_fg (XᵀX)_fg (YᵀY)_fg costs k² instead of n·k². */
  userGram?: Float64Array,
): number {
  let loss = userGram === undefined ? 0 : dot4(userGram, 0, gram, 0, k * k);
  let totalConfidence = 0;
  const gx = new Float64Array(k);
  for (let u = 0; u < confidence.rows; u++) {
    const xu = u * k;
    if (userGram === undefined) {
      ridgedTimes(gram, 0, x, xu, gx, k);
      loss += dot4(gx, 0, x, xu, k);
    }
    for (let p = confidence.indptr[u]; p < confidence.indptr[u + 1]; p++) {
      const c = confidence.data[p];
      const s = dot4(x, xu, y, confidence.indices[p] * k, k);
      loss += c * (1 - s) * (1 - s) - s * s;
      totalConfidence += c;
    }
  }
  loss += weightedSquaredNorms(x, userRidges, k) + weightedSquaredNorms(y, itemRidges, k);
  const nnz = confidence.indices.length;
  const mass = totalConfidence + confidence.rows * confidence.cols - nnz;
  return mass > 0 ? loss / mass : 0;
}

/** A copy of an array in the runtime's memory. */
function copyInto<T extends Int32Array | Float64Array>(values: T, runtime: AlsRuntime): T {
  const out = (values instanceof Int32Array ? runtime.int32(values.length) : runtime.float64(values.length)) as T;
  out.set(values);
  return out;
}

/** A copy of a CSR matrix in the runtime's memory. */
function copyCsr(m: Csr, runtime: AlsRuntime): Csr {
  return {
    rows: m.rows,
    cols: m.cols,
    indptr: copyInto(m.indptr, runtime),
    indices: copyInto(m.indices, runtime),
    data: copyInto(m.data, runtime),
  };
}

/**
 * Trains user and item factors from a users × items matrix of non-negative interaction weights. The
 * runtime decides where rows are solved; the result is the same for the same seed whatever it is.
 */
export function trainAls(
  weights: Csr,
  options: AlsOptions,
  onIteration?: (info: AlsIteration) => void,
  runtime: AlsRuntime = SINGLE_THREAD,
  /** Factors to continue from (a warm start) instead of random ones: the same shapes, left unchanged. */
  from?: Pick<AlsFactors, "userFactors" | "itemFactors">,
): AlsResult {
  const { factors: k, iterations, solver, cgSteps } = options;
  const confidence = copyCsr(confidenceFromWeights(weights, options), runtime);
  const confidenceT = copyCsr(transpose(confidence), runtime);
  const userRidges = copyInto(rowRidges(confidence, options), runtime);
  const itemRidges = copyInto(rowRidges(confidenceT, options), runtime);
  const gaussian = createGaussian(createRandom(options.seed));
  if (from && (from.userFactors.length !== weights.rows * k || from.itemFactors.length !== weights.cols * k)) {
    throw new Error("warm-start factors do not match the matrix and the number of factors");
  }
  const userFactors = copyInto(from?.userFactors ?? initialFactors(weights.rows, k, gaussian), runtime);
  const itemFactors = copyInto(from?.itemFactors ?? initialFactors(weights.cols, k, gaussian), runtime);
  const problem: AlsProblem = {
    k,
    solver,
    cgSteps,
    kernel: resolveKernel(solver, options.kernel),
    sides: [
      { confidence, ridges: userRidges, factors: userFactors },
      { confidence: confidenceT, ridges: itemRidges, factors: itemFactors },
    ],
  };
  // On the WebAssembly kernel, Gram matrices are float32 too, and computed by it.
  const gramOf = problem.kernel === "wasm" ? gramianWasm : gramianBlocked;
  const history: AlsIteration[] = [];
  let itemGram = gramOf(itemFactors, weights.cols, k);
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const started = performance.now();
    // YᵀY of the new item factors serves this iteration's loss and the next iteration's user sweep.
    runtime.solveSide(problem, 0, itemGram);
    // XᵀX of the user factors, final for this iteration: serves the item sweep and the loss.
    const userGram = gramOf(userFactors, weights.rows, k);
    runtime.solveSide(problem, 1, userGram);
    itemGram = gramOf(itemFactors, weights.cols, k);
    const seconds = (performance.now() - started) / 1000;
    const loss =
      options.computeLoss === false
        ? Number.NaN
        : alsLoss(confidence, userFactors, itemFactors, k, userRidges, itemRidges, itemGram, userGram);
    const info = { iteration, seconds, loss };
    history.push(info);
    onIteration?.(info);
  }
  return { factors: k, users: weights.rows, items: weights.cols, userFactors, itemFactors, history, kernel: problem.kernel };
}
