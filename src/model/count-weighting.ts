/**
 * How a customer's summed counts are weighed before they become confidences: as they are, or by
 * BM25 (as implicit's bm25_weight, over customer rows), which damps one huge count and raises products
 * few customers bought:
 *   w' = w·(K1 + 1) / (w + K1·((1 − B) + B·|u| / mean|u|)) · idf_i,   idf_i = log(1 + (N − n_i + ½) / (n_i + ½))
 * with |u| the customer's summed counts, N the customers and n_i the buyers of product i. Training
 * weighs the matrix and fold-in weighs one row with the same figures, so both solve the same problem.
 */
import type { Csr } from "./csr";

export type CountWeighting = "raw" | "bm25";

/** BM25's constants: implicit's defaults for play counts (a large K1 saturates only huge counts). */
export const BM25_K1 = 100;
export const BM25_B = 0.8;

/** What weighs one row as the matrix was weighed: each product's idf and the mean row sum. */
export interface CountWeights {
  idf: Float64Array;
  meanRowSum: number;
}

/** idf_i = log(1 + (N − n_i + ½)/(n_i + ½)): positive however many customers bought the product. */
export function bm25Idf(buyers: ArrayLike<number>, customers: number): Float64Array {
  return Float64Array.from(buyers, (n) => Math.log1p((customers - n + 0.5) / (n + 0.5)));
}

/** The figures BM25 weighs a matrix's rows with: idf from each column's non-zeros, the mean row sum. */
export function countWeightsOf(matrix: Csr): CountWeights {
  const buyers = new Int32Array(matrix.cols);
  for (let p = 0; p < matrix.indices.length; p++) buyers[matrix.indices[p]]++;
  let total = 0;
  for (let p = 0; p < matrix.data.length; p++) total += matrix.data[p];
  return { idf: bm25Idf(buyers, matrix.rows), meanRowSum: total / Math.max(1, matrix.rows) };
}

/** One weight: w' = w·(K1 + 1)/(w + K1·((1 − B) + B·rowSum/mean)) · idf. */
export function bm25Weight(w: number, rowSum: number, idf: number, meanRowSum: number): number {
  const length = 1 - BM25_B + (BM25_B * rowSum) / (meanRowSum > 0 ? meanRowSum : 1);
  return ((w * (BM25_K1 + 1)) / (w + BM25_K1 * length)) * idf;
}

/** One row's positive weights weighed (`items` distinct, as positiveSums gives them); a new array. */
export function bm25Row(items: ArrayLike<number>, weights: ArrayLike<number>, figures: CountWeights): Float64Array {
  let rowSum = 0;
  for (let t = 0; t < weights.length; t++) rowSum += weights[t];
  return Float64Array.from(weights, (w, t) => bm25Weight(w, rowSum, figures.idf[items[t]] ?? 0, figures.meanRowSum));
}

/** The matrix with every row weighed by BM25 (the same sparsity: every weight stays positive). */
export function bm25Matrix(matrix: Csr, figures: CountWeights = countWeightsOf(matrix)): Csr {
  const data = new Float64Array(matrix.data.length);
  for (let r = 0; r < matrix.rows; r++) {
    const start = matrix.indptr[r];
    const end = matrix.indptr[r + 1];
    data.set(bm25Row(matrix.indices.subarray(start, end), matrix.data.subarray(start, end), figures), start);
  }
  return { ...matrix, data };
}
