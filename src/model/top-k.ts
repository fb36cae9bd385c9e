/**
 * Top-k selection over a score array with a bounded min-heap: O(n log k), no full sort of the catalogue.
 * Ties go to the lower index so results are deterministic.
 */
export interface Ranked {
  index: number;
  score: number;
}

/**
 * @param scores  one score per candidate index
 * @param k       how many to return
 * @param skip    optional mask: candidates with skip[i] !== 0 are never returned
 */
export function topK(scores: ArrayLike<number>, k: number, skip?: Uint8Array): Ranked[] {
  if (k <= 0) return [];
  const heapIdx = new Int32Array(k);
  const heapScore = new Float64Array(k);
  let size = 0;
  // "a ranks below b": lower score, or equal score and higher index.
  const below = (sa: number, ia: number, sb: number, ib: number) => sa < sb || (sa === sb && ia > ib);
  const swap = (a: number, b: number) => {
    const ts = heapScore[a];
    const ti = heapIdx[a];
    heapScore[a] = heapScore[b];
    heapIdx[a] = heapIdx[b];
    heapScore[b] = ts;
    heapIdx[b] = ti;
  };
  const siftDown = (start: number) => {
    let pos = start;
    for (;;) {
      const l = 2 * pos + 1;
      const r = l + 1;
      let min = pos;
      if (l < size && below(heapScore[l], heapIdx[l], heapScore[min], heapIdx[min])) min = l;
      if (r < size && below(heapScore[r], heapIdx[r], heapScore[min], heapIdx[min])) min = r;
      if (min === pos) return;
      swap(pos, min);
      pos = min;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (skip !== undefined && skip[i] !== 0) continue;
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    if (size < k) {
      let pos = size++;
      heapScore[pos] = s;
      heapIdx[pos] = i;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (!below(heapScore[pos], heapIdx[pos], heapScore[parent], heapIdx[parent])) break;
        swap(pos, parent);
        pos = parent;
      }
    } else if (below(heapScore[0], heapIdx[0], s, i)) {
      heapScore[0] = s;
      heapIdx[0] = i;
      siftDown(0);
    }
  }
  const out: Ranked[] = [];
  for (let p = 0; p < size; p++) out.push({ index: heapIdx[p], score: heapScore[p] });
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}
