/**
 * Ranking a large catalogue through its HNSW graph (model/ann-index.ts): the graph proposes
 * candidates, each is scored exactly (x · y_i, as exact ranking scores it) and filtered by the list's
 * mask (bought, unavailable, filtered out, excluded), over-fetching more while too few pass. When even
 * the largest fetch leaves too few, the caller ranks every product exactly.
 */
import type { AnnMetric } from "../model/ann-index";
import type { Ranked } from "../model/top-k";
import type { LiveModel } from "./live-model";

/** Candidates asked of the graph at most, before exact scoring takes over. */
export const MAX_ANN_FETCH = 4096;

/** The first fetch for a list of `wanted`: twice as many and some, for what the mask takes out. */
export function firstFetch(wanted: number): number {
  return Math.max(64, 2 * wanted + 32);
}

/**
 * The `wanted` best products by x · y_i (or cos(x, y_i)) among those `skip` lets through, best first
 * (ties: lower index), or null when the graph cannot find them.
 */
export function annTop(
  model: LiveModel,
  x: ArrayLike<number>,
  wanted: number,
  skip: Uint8Array,
  metric: AnnMetric = "ip",
): Ranked[] | null {
  const ann = metric === "ip" ? model.ann : model.annCosine;
  if (ann === null || wanted <= 0) return null;
  const { k, productFactors: y, productNorms: norms, products } = model;
  let xNorm = 0;
  for (let f = 0; f < k; f++) xNorm += x[f] * x[f];
  xNorm = Math.sqrt(xNorm);
  for (let fetch = firstFetch(wanted); ; fetch *= 4) {
    const asked = Math.min(fetch, MAX_ANN_FETCH);
    const labels = ann.search(x, asked);
    const found: Ranked[] = [];
    for (const label of labels) {
      const index = products.indexOf(ann.idOf(label));
      if (index === undefined || skip[index]) continue;
      let score = 0;
      for (let f = 0; f < k; f++) score += x[f] * y[index * k + f];
      if (metric === "cosine") {
        if (norms[index] === 0 || xNorm === 0) continue;
        score /= norms[index] * xNorm;
      }
      found.push({ index, score: Math.fround(score) });
    }
    // Enough, or every product of the graph seen: the list is what it is.
    if (found.length >= wanted || labels.length < asked)
      return found.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, wanted);
    if (asked === MAX_ANN_FETCH) return null;
  }
}
