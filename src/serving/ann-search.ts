/**
 * Ranking a large catalogue through its HNSW graph (model/ann-index.ts): the graph proposes
 * candidates, each is scored exactly (x · y_i, as exact ranking scores it) and filtered by the list's
 * mask (bought, unavailable, filtered out, excluded), over-fetching more while too few pass. When even
 * the largest fetch leaves too few, or the graph reaches fewer products than asked for, the caller
 * ranks every product exactly. Beside the graph, its head (the longest vectors, which a search by
 * inner product does not reach; model/ann-tuning.ts) and the products without a trained vector are
 * scored exactly.
 */
import { type AnnIndex, type AnnMetric, firstFetch, MAX_ANN_FETCH } from "../model/ann-index";
import { scoreAll } from "../model/scoring";
import { type Ranked, topK } from "../model/top-k";
import type { ColdGroup } from "./cold-groups";
import type { LiveModel } from "./live-model";

/**
 * The `wanted` best products by x · y_i (or cos(x, y_i)) among those `skip` lets through, best first
 * (ties: lower index), or null when the graph cannot find them. The graph holds the trained
 * products; its head is scored exactly, and those without a trained vector are ranked exactly, a
 * group of equal vectors at a time.
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
  const { k, productFactors: y, productNorms: norms } = model;
  const xs = Float64Array.from({ length: k }, (_, f) => x[f]);
  let xNorm = 0;
  for (let f = 0; f < k; f++) xNorm += xs[f] * xs[f];
  xNorm = Math.sqrt(xNorm);
  // As exact ranking scores a product; null where a cosine is undefined (a zero vector), which exact ranking leaves out too.
  const scoreOf = (index: number): number | null => {
    let score = 0;
    const at = index * k;
    for (let f = 0; f < k; f++) score += xs[f] * y[at + f];
    if (metric === "cosine") {
      if (norms[index] === 0 || xNorm === 0) return null;
      score /= norms[index] * xNorm;
    }
    return Math.fround(score);
  };
  const cold = coldTop(model.coldGroups, wanted, skip, scoreOf);
  // The products the graph does not reach (the longest vectors), scored exactly beside it: its best `wanted`.
  const head = headTop(ann, xs, xNorm, norms, wanted, skip);
  for (let fetch = firstFetch(wanted); ; fetch *= 4) {
    const asked = Math.min(fetch, MAX_ANN_FETCH);
    const labels = ann.search(x, asked);
    const found = candidates(labels, ann, skip, scoreOf, ann.head.length > 0);
    // Enough, or every product of the graph seen: the list is what it is.
    if (found.length + head.length >= wanted || labels.length === ann.size)
      return [...found, ...head, ...cold].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, wanted);
    // The most the graph is asked for, or fewer than asked (products no search by inner product reaches): exact scoring.
    if (asked === MAX_ANN_FETCH || labels.length < Math.min(asked, ann.size)) return null;
  }
}

/**
 * The graph's labels as products the mask lets through, scored (leaving out the head's when
 * `besideHead`). A graph's label i is the version's product i: graphs are built over its trained
 * products in order, and a served model lists them first.
 */
function candidates(
  labels: Int32Array,
  ann: AnnIndex,
  skip: Uint8Array,
  scoreOf: (index: number) => number | null,
  besideHead = false,
): Ranked[] {
  const found: Ranked[] = [];
  for (const index of labels) {
    if (skip[index] || (besideHead && ann.headHolds(index))) continue;
    const score = scoreOf(index);
    if (score !== null) found.push({ index, score });
  }
  return found;
}

/**
 * The `wanted` best of the graph's head the mask lets through, best first (ties: lower index, as
 * the head is in order), scored as exact ranking scores them (the same kernel, over the head's
 * vectors kept together).
 */
function headTop(ann: AnnIndex, x: Float64Array, xNorm: number, norms: Float32Array, wanted: number, skip: Uint8Array): Ranked[] {
  const { head, k } = ann;
  if (head.length === 0) return [];
  const scores = scoreAll(ann.headVectors, head.length, k, x, new Float32Array(head.length));
  const left = new Uint8Array(head.length);
  for (let h = 0; h < head.length; h++) {
    const index = head[h];
    if (skip[index]) left[h] = 1;
    else if (ann.metric === "cosine") {
      if (norms[index] === 0 || xNorm === 0) left[h] = 1;
      else scores[h] /= norms[index] * xNorm;
    }
  }
  return topK(scores, wanted, left).map((r) => ({ index: head[r.index], score: r.score }));
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
