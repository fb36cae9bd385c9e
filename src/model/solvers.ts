/**
 * Per-row least-squares solves of implicit-feedback ALS (Hu, Koren & Volinsky 2008).
 *
 * For a row u with observed columns i (confidence c_ui ≥ 1, preference p_ui = 1), the other factor
 * matrix Y and the row's ridge λ_u, every solver here finds
 *     x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u
 * where YᵀY is precomputed once per sweep (`gram`), so a row costs O(n_u·k²) instead of O(n·k²).
 *
 * The same function solves users against items and items against users.
 */
import { addSymmetricProductLower, choleskyFactor, choleskySolveInPlace, dot4, ridgedTimes } from "./linalg";

/** The observed entries of one row: column indices and their confidences c = 1 + α·w, in [start, end). */
export interface RowSlice {
  readonly indices: ArrayLike<number>;
  readonly confidence: ArrayLike<number>;
  readonly start: number;
  readonly end: number;
}

/** A row of a CSR matrix, typed as the training loop has it (CG's hot loops stay monomorphic). */
export interface CsrRowSlice extends RowSlice {
  readonly indices: Int32Array;
  readonly confidence: Float64Array;
}

/** Scratch buffers for one k, reused across rows so a sweep allocates nothing per row (once grown). */
export class SolverScratch {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  /** The row's item factors, transposed (k × n), and the same scaled by c − 1: the exact solver's operands. */
  private zt: Float64Array;
  private wzt: Float64Array;
  constructor(readonly k: number) {
    this.a = new Float64Array(k * k);
    this.b = new Float64Array(k);
    this.r = new Float64Array(k);
    this.p = new Float64Array(k);
    this.ap = new Float64Array(k);
    this.zt = new Float64Array(k * 16);
    this.wzt = new Float64Array(k * 16);
  }

  /** Buffers for a row of n items, grown geometrically. */
  transposed(n: number): { zt: Float64Array; wzt: Float64Array } {
    if (this.zt.length < n * this.k) {
      const size = Math.max(n * this.k, this.zt.length * 2);
      this.zt = new Float64Array(size);
      this.wzt = new Float64Array(size);
    }
    return { zt: this.zt, wzt: this.wzt };
  }
}

/**
 * The row's normal equations, into scratch.a (lower triangle) and scratch.b:
 *   A = gram + λ_u I + Σ_i (c_i − 1) y_i y_iᵀ,   b = Σ_i c_i y_i
 * The row's factors are gathered into k × n_u buffers so the n_u·k²/2 multiply-adds of A run blocked.
 */
export function buildRowSystem(
  row: RowSlice,
  y: ArrayLike<number>,
  gram: Float64Array,
  ridge: number,
  k: number,
  scratch: SolverScratch,
): void {
  const { a, b } = scratch;
  const n = row.end - row.start;
  const { zt, wzt } = scratch.transposed(n);
  b.fill(0);
  for (let q = 0; q < n; q++) {
    const yi = row.indices[row.start + q] * k;
    const c = row.confidence[row.start + q];
    const extra = c - 1;
    for (let f = 0; f < k; f++) {
      const v = y[yi + f];
      b[f] += c * v;
      zt[f * n + q] = v;
      wzt[f * n + q] = extra * v;
    }
  }
  a.set(gram);
  for (let f = 0; f < k; f++) a[f * k + f] += ridge;
  addSymmetricProductLower(a, k, wzt, zt, n);
}

/**
 * Exact solve by Cholesky of the row's normal equations (buildRowSystem).
 * x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u
 */
export function solveRowExact(
  row: RowSlice,
  y: ArrayLike<number>,
  gram: Float64Array,
  ridge: number,
  k: number,
  out: Float64Array | Float32Array,
  outOffset: number,
  scratch: SolverScratch,
): void {
  buildRowSystem(row, y, gram, ridge, k, scratch);
  const { a, b } = scratch;
  choleskyFactor(a, k);
  choleskySolveInPlace(a, k, b);
  for (let f = 0; f < k; f++) out[outOffset + f] = b[f];
}

/**
 * Conjugate-gradient solve (Takács, Pilászy & Tikk 2011), warm-started from the current x and
 * stopped after `steps` iterations; never forms A, so a row costs O(steps·(k² + n_u·k)).
 * x_u ← CG(A = YᵀY + λ_u I + Yᵀ(C_u − I)Y, b = Yᵀ C_u p_u, x₀ = x_u)
 */
export function solveRowCG(
  row: CsrRowSlice,
  y: Float64Array,
  gram: Float64Array,
  ridge: number,
  k: number,
  x: Float64Array,
  xOffset: number,
  steps: number,
  scratch: SolverScratch,
): void {
  const { r, p, ap } = scratch;
  const { indices, confidence, end } = row;
  // r = b − A x, expanded over the observed entries only.
  ridgedTimes(gram, ridge, x, xOffset, r, k);
  for (let f = 0; f < k; f++) r[f] = -r[f];
  for (let q = row.start; q < end; q++) {
    const yi = indices[q] * k;
    const c = confidence[q];
    const coef = c - (c - 1) * dot4(y, yi, x, xOffset, k);
    for (let f = 0; f < k; f++) r[f] += coef * y[yi + f];
  }
  let rsOld = 0;
  for (let f = 0; f < k; f++) {
    p[f] = r[f];
    rsOld += r[f] * r[f];
  }
  if (rsOld < 1e-20) return;

  for (let step = 0; step < steps; step++) {
    // ap = A p
    ridgedTimes(gram, ridge, p, 0, ap, k);
    for (let q = row.start; q < end; q++) {
      const yi = indices[q] * k;
      const coef = (confidence[q] - 1) * dot4(y, yi, p, 0, k);
      for (let f = 0; f < k; f++) ap[f] += coef * y[yi + f];
    }
    const pAp = dot4(p, 0, ap, 0, k);
    if (!(pAp > 0)) return;
    const alpha = rsOld / pAp;
    let rsNew = 0;
    for (let f = 0; f < k; f++) {
      x[xOffset + f] += alpha * p[f];
      r[f] -= alpha * ap[f];
      rsNew += r[f] * r[f];
    }
    if (rsNew < 1e-20) return;
    const beta = rsNew / rsOld;
    for (let f = 0; f < k; f++) p[f] = r[f] + beta * p[f];
    rsOld = rsNew;
  }
}
