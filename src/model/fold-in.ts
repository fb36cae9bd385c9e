/**
 * Fold-in: one customer's vector from their interactions against fixed product factors, the same
 * least-squares step ALS takes for every user row, solved exactly:
 *   x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u
 */
import { type ConfidenceOptions, confidenceOf, type RowProblemOptions, rowRidge } from "./confidence";
import { gramian } from "./linalg";
import { type RowSlice, SolverScratch, solveRowExact } from "./solvers";

/** YᵀY for the fixed item factors; compute once per model and reuse for every fold-in. */
export function foldInGram(itemFactors: ArrayLike<number>, items: number, k: number): Float64Array {
  return gramian(itemFactors, items, k);
}

/**
 * @param items   dense item indices the customer interacted with (may repeat; weights are summed)
 * @param weights interaction weights w for those items; items whose summed weight is ≤ 0 are not positives
 * @param itemCount the number of items in the model (every unobserved item has confidence 1)
 * @param scratch buffers to reuse across calls with the same k
 * @returns the customer's factor vector (all zeros when nothing is positive)
 */
export function foldIn(
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  itemFactors: ArrayLike<number>,
  gram: Float64Array,
  k: number,
  itemCount: number,
  options: RowProblemOptions,
  scratch: SolverScratch = new SolverScratch(k),
): Float64Array {
  const row = positiveRow(items, weights, options);
  const out = new Float64Array(k);
  if (row.end === 0) return out;
  solveRowExact(row, itemFactors, gram, rowRidge(row.extraConfidence, itemCount, options), k, out, 0, scratch);
  return out;
}

/**
 * A customer's interactions as a row problem: distinct items ascending, weights summed, only those
 * with a positive sum kept, each with its confidence c = 1 + α·w (or the log form), and Σ (c − 1).
 */
export function positiveRow(
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: ConfidenceOptions,
): RowSlice & { indices: Int32Array; confidence: Float64Array; extraConfidence: number } {
  const { indices, sums } = sumByItem(items, weights);
  const confidence = new Float64Array(indices.length);
  let positives = 0;
  let extraConfidence = 0;
  for (let p = 0; p < indices.length; p++) {
    if (sums[p] <= 0) continue;
    const c = confidenceOf(sums[p], options);
    indices[positives] = indices[p];
    confidence[positives++] = c;
    extraConfidence += c - 1;
  }
  return {
    indices: indices.subarray(0, positives),
    confidence: confidence.subarray(0, positives),
    start: 0,
    end: positives,
    extraConfidence,
  };
}

/** The distinct items, ascending, with their summed weights, keeping those whose sum is positive. */
export function positiveSums(items: ArrayLike<number>, weights: ArrayLike<number>): { indices: Int32Array; sums: Float64Array } {
  const { indices, sums } = sumByItem(items, weights);
  let positives = 0;
  for (let p = 0; p < indices.length; p++) {
    if (sums[p] <= 0) continue;
    indices[positives] = indices[p];
    sums[positives++] = sums[p];
  }
  return { indices: indices.subarray(0, positives), sums: sums.subarray(0, positives) };
}

/** The distinct items, ascending, each with its weights summed in the order given. */
function sumByItem(items: ArrayLike<number>, weights: ArrayLike<number>): { indices: Int32Array; sums: Float64Array } {
  const n = items.length;
  // item·n + position is unique and exact (below 2^53), so a numeric sort orders by item, then position.
  const keys = new Float64Array(n);
  for (let t = 0; t < n; t++) keys[t] = items[t] * n + t;
  keys.sort();
  const indices = new Int32Array(n);
  const sums = new Float64Array(n);
  let distinct = -1;
  for (let q = 0; q < n; q++) {
    const t = keys[q] % n;
    const item = items[t];
    if (distinct < 0 || indices[distinct] !== item) {
      indices[++distinct] = item;
      sums[distinct] = 0;
    }
    sums[distinct] += weights[t];
  }
  return { indices: indices.subarray(0, distinct + 1), sums: sums.subarray(0, distinct + 1) };
}
