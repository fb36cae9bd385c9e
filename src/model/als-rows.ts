/**
 * The row solves of an ALS training run: what they read and write (AlsProblem) and a RowSolver that
 * re-solves ranges of rows with the chosen solver and kernel, one per thread.
 */
import type { Csr } from "./csr";
import { WasmCgKernel, wasmKernelAvailable } from "./kernels/cg-wasm";
import { SolverScratch, solveRowCG, solveRowExact } from "./solvers";

export type AlsSolver = "cg" | "cholesky";

/**
 * The implementation of the CG row solve: the WebAssembly SIMD kernel in float32 (kernels/cg-wasm.ts),
 * or the TypeScript reference `solveRowCG` in float64. The exact solver always runs in TypeScript.
 */
export type AlsKernel = "wasm" | "js";

/** One side of the problem: its rows' observed confidences, their ridges, and its factors (solved against the other side's). */
export interface AlsSide {
  confidence: Csr;
  ridges: Float64Array;
  factors: Float64Array;
}

/** What every row solve of a training run reads and writes: users (side 0) and items (side 1). */
export interface AlsProblem {
  k: number;
  solver: AlsSolver;
  cgSteps: number;
  kernel: AlsKernel;
  sides: readonly [AlsSide, AlsSide];
}

/** The kernel a run uses: the WebAssembly one for CG unless asked for the reference or it cannot run here. */
export function resolveKernel(solver: AlsSolver, asked: AlsKernel | undefined): AlsKernel {
  return solver === "cg" && asked !== "js" && wasmKernelAvailable() ? "wasm" : "js";
}

/**
 * Re-solves ranges of rows of one side against the other side's fixed factors, given their Gram matrix:
 *   x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u   for every row u in the range
 * Each row reads only Y and writes only x_u, so disjoint ranges can be solved at once (one RowSolver
 * per thread), in any order, with the same result.
 */
export class RowSolver {
  private readonly scratch: SolverScratch;
  private readonly wasm: WasmCgKernel | null;
  private side: 0 | 1 = 0;
  private gram: Float64Array | null = null;

  constructor(private readonly problem: AlsProblem) {
    this.scratch = new SolverScratch(problem.k);
    this.wasm = problem.kernel === "wasm" ? new WasmCgKernel(problem.k, problem.cgSteps, problem.sides) : null;
  }

  /** Starts solving `side` against the other side's current factors, whose Gram matrix is `gram` (read until the next beginSide). */
  beginSide(side: 0 | 1, gram: Float64Array): void {
    this.side = side;
    this.gram = gram;
    this.wasm?.beginSide(side, gram);
  }

  /** Re-solves rows [from, to) of the side begun last. */
  solveRows(from: number, to: number): void {
    if (this.gram === null) throw new Error("beginSide before solveRows");
    if (this.wasm !== null) {
      this.wasm.solveRows(from, to);
      return;
    }
    const { k, solver, cgSteps, sides } = this.problem;
    const { confidence, ridges, factors: x } = sides[this.side];
    const y = sides[1 - this.side].factors;
    const { gram, scratch } = this;
    const row = { indices: confidence.indices, confidence: confidence.data, start: 0, end: 0 };
    for (let u = from; u < to; u++) {
      row.start = confidence.indptr[u];
      row.end = confidence.indptr[u + 1];
      if (solver === "cg") solveRowCG(row, y, gram, ridges[u], k, x, u * k, cgSteps, scratch);
      else solveRowExact(row, y, gram, ridges[u], k, x, u * k, scratch);
    }
  }
}
