/**
 * Ranking a large catalogue through its HNSW graph (model/ann-index.ts): the graph proposes
 * candidates, each is scored exactly (x · y_i, as exact ranking scores it) and filtered by the list's
 * mask (bought, unavailable, filtered out, excluded), over-fetching more while too few pass. When even
 * the largest fetch leaves too few, or the graph reaches fewer products than asked for, the caller
 * ranks every product exactly.
 */
import type { AnnMetric } from "../model/ann-index";
import type { Ranked } from "../model/top-k";
import type { ColdGroup } from "./cold-groups";
import type { LiveModel } from "./live-model";

/** Candidates asked of the graph at most, before exact scoring takes over. */
export const MAX_ANN_FETCH = 4096;

/** The first fetch for a list of `wanted`: twice as many and some, for what the mask takes out. */
export function firstFetch(wanted: number): number {
  return Math.max(64, 2 * wanted + 32);
}

/**
 * The `wanted` best products by x · y_i (or cos(x, y_i)) among those `skip` lets through, best first
 * (ties: lower index), or null when the graph cannot find them. The graph holds the trained
 * products; those without a trained vector are ranked exactly, a group of equal vectors at a time.
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
  // As exact ranking scores a product; null where a cosine is undefined (a zero vector), which exact ranking leaves out too.
  const scoreOf = (index: number): number | null => {
    let score = 0;
    for (let f = 0; f < k; f++) score += x[f] * y[index * k + f];
    if (metric === "cosine") {
      if (norms[index] === 0 || xNorm === 0) return null;
      score /= norms[index] * xNorm;
    }
    return Math.fround(score);
  };
  const cold = coldTop(model.coldGroups, wanted, skip, scoreOf);
  for (let fetch = firstFetch(wanted); ; fetch *= 4) {
    const asked = Math.min(fetch, MAX_ANN_FETCH);
    const labels = ann.search(x, asked);
    const found: Ranked[] = [];
    for (const label of labels) {
      const index = products.indexOf(ann.idOf(label));
      if (index === undefined || skip[index]) continue;
      const score = scoreOf(index);
      if (score !== null) found.push({ index, score });
    }
    // Enough, or every product of the graph seen: the list is what it is.
    if (found.length >= wanted || labels.length === ann.size)
      return [...found, ...cold].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, wanted);
    // The most the graph is asked for, or fewer than asked (products no search by inner product reaches): exact scoring.
    if (asked === MAX_ANN_FETCH || labels.length < Math.min(asked, ann.size)) return null;
  }
}

/**
 * The `wanted` best of the grouped products `skip` lets through, exactly: groups from the best
 * score down, each giving its first members, until no group left can reach the list.
 */
function coldTop(groups: readonly ColdGroup[], wanted: number, skip: Uint8Array, scoreOf: (index: number) => number | null): Ranked[] {
  const scored: { group: ColdGroup; score: number }[] = [];
  for (const group of groups) {
    const score = scoreOf(group.row);
    if (score !== null) scored.push({ group, score });
  }
  scored.sort((a, b) => b.score - a.score);
  const out: Ranked[] = [];
  for (const { group, score } of scored) {
    if (out.length >= wanted && score < out[wanted - 1].score) break;
    let taken = 0;
    for (let m = 0; m < group.members.length && taken < wanted; m++) {
      const index = group.members[m];
      if (skip[index]) continue;
      out.push({ index, score });
      taken++;
    }
  }
  return out;
}
