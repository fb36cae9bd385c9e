/**
 * Fold-in: one customer's vector from their interactions against fixed product factors, the same
 * least-squares step ALS takes for every user row, solved exactly:
 *   x_u = (YᵀY + λI + Yᵀ(C_u − I)Y)⁻¹ Yᵀ C_u p_u
 */
import { gramian } from "./linalg";
import { SolverScratch, solveRowExact } from "./solvers";

/** YᵀY + λI for the fixed item factors; compute once per model and reuse for every fold-in. */
export function foldInGram(itemFactors: ArrayLike<number>, items: number, k: number, regularization: number): Float64Array {
  return gramian(itemFactors, items, k, regularization);
}

/**
 * @param items   dense item indices the customer interacted with (may repeat; weights are summed)
 * @param weights interaction weights w for those items; items whose summed weight is ≤ 0 are not positives
 * @returns the customer's factor vector (all zeros when nothing is positive)
 */
export function foldIn(
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  itemFactors: ArrayLike<number>,
  gram: Float64Array,
  k: number,
  alpha: number,
): Float64Array {
  const summed = new Map<number, number>();
  for (let t = 0; t < items.length; t++) summed.set(items[t], (summed.get(items[t]) ?? 0) + weights[t]);
  const indices: number[] = [];
  const confidence: number[] = [];
  for (const [item, w] of [...summed].sort((a, b) => a[0] - b[0])) {
    if (w <= 0) continue;
    indices.push(item);
    confidence.push(1 + alpha * w);
  }
  const out = new Float64Array(k);
  if (indices.length === 0) return out;
  solveRowExact({ indices, confidence, start: 0, end: indices.length }, itemFactors, gram, k, out, 0, new SolverScratch(k));
  return out;
}
