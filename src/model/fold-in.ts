/**
 * Fold-in: one customer's vector from their interactions against fixed product factors, the same
 * least-squares step ALS takes for every user row, solved exactly:
 *   x_u = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u
 */
import { confidenceOf, type RowProblemOptions, rowRidge } from "./confidence";
import { gramian } from "./linalg";
import { SolverScratch, solveRowExact } from "./solvers";

/** YᵀY for the fixed item factors; compute once per model and reuse for every fold-in. */
export function foldInGram(itemFactors: ArrayLike<number>, items: number, k: number): Float64Array {
  return gramian(itemFactors, items, k);
}

/**
 * @param items   dense item indices the customer interacted with (may repeat; weights are summed)
 * @param weights interaction weights w for those items; items whose summed weight is ≤ 0 are not positives
 * @param itemCount the number of items in the model (every unobserved item has confidence 1)
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
): Float64Array {
  const summed = new Map<number, number>();
  for (let t = 0; t < items.length; t++) summed.set(items[t], (summed.get(items[t]) ?? 0) + weights[t]);
  const indices: number[] = [];
  const confidence: number[] = [];
  let extra = 0;
  for (const [item, w] of [...summed].sort((a, b) => a[0] - b[0])) {
    if (w <= 0) continue;
    const c = confidenceOf(w, options);
    indices.push(item);
    confidence.push(c);
    extra += c - 1;
  }
  const out = new Float64Array(k);
  if (indices.length === 0) return out;
  const ridge = rowRidge(extra, itemCount, options);
  solveRowExact({ indices, confidence, start: 0, end: indices.length }, itemFactors, gram, ridge, k, out, 0, new SolverScratch(k));
  return out;
}
