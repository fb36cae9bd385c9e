/**
 * Item-based nearest neighbours over co-purchases, the classic strong baseline:
 *   sim(i, j) = Σ_u ŵ_iu ŵ_ju   over the weighted item × user matrix Ŵ, keeping each item's K best,
 *   score(u, j) = Σ_{i ∈ I_u} w_ui · sim(i, j).
 * Ŵ is either BM25-weighted (as in the `implicit` library's BM25Recommender: each entry scaled by
 * (K1 + 1)/(K1·norm_i + w) and the user's idf, log N − log(1 + |I_u|)) or cosine (each item row scaled
 * to unit length).
 */
import { type Csr, transpose } from "./csr";
import { topK } from "./top-k";

export type KnnWeighting = "bm25" | "cosine";

export interface ItemKnnOptions {
  neighbours: number;
  weighting: KnnWeighting;
  k1: number;
  b: number;
}

export const DEFAULT_ITEM_KNN_OPTIONS: ItemKnnOptions = { neighbours: 50, weighting: "bm25", k1: 1.2, b: 0.75 };

/** The item × user matrix with BM25 or cosine weights. */
function weightItemUsers(itemUsers: Csr, options: ItemKnnOptions): Csr {
  const data = new Float64Array(itemUsers.data.length);
  if (options.weighting === "cosine") {
    for (let i = 0; i < itemUsers.rows; i++) {
      let norm = 0;
      for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) norm += itemUsers.data[p] ** 2;
      norm = Math.sqrt(norm);
      for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) data[p] = norm > 0 ? itemUsers.data[p] / norm : 0;
    }
    return { ...itemUsers, data };
  }
  const { k1, b } = options;
  const n = itemUsers.rows;
  const itemsPerUser = new Float64Array(itemUsers.cols);
  for (const u of itemUsers.indices) itemsPerUser[u]++;
  const rowSums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) rowSums[i] += itemUsers.data[p];
    total += rowSums[i];
  }
  const average = n > 0 ? total / n : 1;
  for (let i = 0; i < n; i++) {
    const lengthNorm = 1 - b + (b * rowSums[i]) / average;
    for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) {
      const w = itemUsers.data[p];
      const idf = Math.log(n) - Math.log1p(itemsPerUser[itemUsers.indices[p]]);
      data[p] = ((w * (k1 + 1)) / (k1 * lengthNorm + w)) * idf;
    }
  }
  return { ...itemUsers, data };
}

export interface ItemKnnModel {
  /** Each item's neighbours and similarities, neighbours per row (fewer where an item has fewer). */
  neighbours: Csr;
}

/** Builds the top-K similarity lists: one dense accumulator per item, O(Σ_u |I_u|²) in all. */
export function fitItemKnn(userItems: Csr, options: ItemKnnOptions = DEFAULT_ITEM_KNN_OPTIONS): ItemKnnModel {
  const weighted = weightItemUsers(transpose(userItems), options);
  const userItemsWeighted = transpose(weighted);
  const n = weighted.rows;
  const acc = new Float64Array(n);
  const touched = new Uint8Array(n);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    candidates.length = 0;
    for (let p = weighted.indptr[i]; p < weighted.indptr[i + 1]; p++) {
      const u = weighted.indices[p];
      const wiu = weighted.data[p];
      for (let q = userItemsWeighted.indptr[u]; q < userItemsWeighted.indptr[u + 1]; q++) {
        const j = userItemsWeighted.indices[q];
        if (j === i) continue;
        if (!touched[j]) {
          touched[j] = 1;
          candidates.push(j);
        }
        acc[j] += wiu * userItemsWeighted.data[q];
      }
    }
    const scores = new Float64Array(candidates.length);
    candidates.forEach((j, c) => (scores[c] = acc[j]));
    for (const { index, score } of topK(scores, options.neighbours)) {
      if (score <= 0) continue;
      indices.push(candidates[index]);
      data.push(score);
    }
    indptr[i + 1] = indices.length;
    for (const j of candidates) {
      acc[j] = 0;
      touched[j] = 0;
    }
  }
  return { neighbours: { rows: n, cols: n, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) } };
}

/** out[j] = Σ_{i ∈ I_u} w_ui · sim(i, j) for one user's row of (item, weight) entries. */
export function scoreItemKnn(model: ItemKnnModel, items: ArrayLike<number>, weights: ArrayLike<number>, out: Float32Array): Float32Array {
  out.fill(0);
  const { indptr, indices, data } = model.neighbours;
  for (let t = 0; t < items.length; t++) {
    const i = items[t];
    const w = weights[t];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) out[indices[p]] += w * data[p];
  }
  return out;
}

/** Each of a user's items' contribution w_ui·sim(i, target) to the score of `target`, aligned with `items`. */
export function knnContributions(model: ItemKnnModel, items: ArrayLike<number>, weights: ArrayLike<number>, target: number): Float64Array {
  const { indptr, indices, data } = model.neighbours;
  const out = new Float64Array(items.length);
  for (let t = 0; t < items.length; t++) {
    const i = items[t];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      if (indices[p] === target) {
        out[t] = weights[t] * data[p];
        break;
      }
    }
  }
  return out;
}

/** Distinct users per item: the popularity baseline's score. */
export function itemPopularity(userItems: Csr): Float32Array {
  const counts = new Float32Array(userItems.cols);
  for (const i of userItems.indices) counts[i]++;
  return counts;
}
