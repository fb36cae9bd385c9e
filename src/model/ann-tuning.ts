/**
 * Setting a graph's search to the catalogue it serves, measured when it is built: a sample of the
 * queries it will answer is ranked exactly and through the graph, and the graph gets the smallest
 * `ef` whose lists, with an exact head, find `target` of the exact top 10.
 *
 * The head: on trained factors a graph by inner product leaves out products with the longest
 * vectors, whatever `ef` (on a trained 1M-product shop, every product it missed was among the 720
 * longest of 796,848, and recall stayed at 0.89 from ef 100 to 5,000; docs/scaling.md). Those few
 * score exactly beside the graph (serving/ann-search.ts): `head` of them, sized here
 * as the fewest that bring the sample's misses under 1 − target, at least MIN_ANN_HEAD.
 */
import { type AnnIndex, type AnnMetric, type AnnOptions, firstFetch } from "./ann-index";
import { rowNorms, scoreAll } from "./scoring";
import { topK } from "./top-k";

/** The fewest longest vectors scored exactly beside a graph by inner product: a few µs a list, against what a sample misses. */
export const MIN_ANN_HEAD = 256;

/** Sampled queries a graph is measured with. */
export const ANN_TUNING_QUERIES = 200;

export interface AnnTuningOptions {
  /** The share of the sample's exact top 10 the lists must find. */
  target: number;
  /** The largest ef tried: ef doubles from the options' own up to it. */
  maxEf: number;
  /** The largest head allowed, as a share of the products (at least minHead). */
  maxHeadShare: number;
  /** The smallest head, for queries the sample does not have. */
  minHead: number;
}

export const DEFAULT_ANN_TUNING: AnnTuningOptions = { target: 0.99, maxEf: 3200, maxHeadShare: 0.01, minHead: MIN_ANN_HEAD };

/** What the measurement chose, and what the sample found with it. */
export interface AnnTuning {
  metric: AnnMetric;
  efSearch: number;
  head: number;
  /** The sample's recall@10 against exact scoring, through the graph so set. */
  recall: number;
  queries: number;
}

/** Every row's place by length, longest first (ties: lower row), as longestRows orders them. */
function lengthRanks(norms: Float32Array): Int32Array {
  const order = Int32Array.from({ length: norms.length }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  const rank = new Int32Array(norms.length);
  order.forEach((row, place) => (rank[row] = place));
  return rank;
}

/**
 * Measures `index` (built over the n × k matrix y, label i being row i) with the queries, rows of
 * the q × k matrix `queries` (customer vectors for a graph by inner product; for one by cosine, rows
 * of y, each leaving itself out), and returns its options with the chosen ef and head.
 */
export function tuneAnn(
  index: AnnIndex,
  y: Float32Array,
  queries: Float32Array,
  selfRows: Int32Array | null,
  settings: Partial<AnnTuningOptions> = {},
): { options: AnnOptions; tuning: AnnTuning } {
  const options = { ...DEFAULT_ANN_TUNING, ...settings };
  const { k, metric } = index;
  const n = index.size;
  const q = queries.length / k;
  const norms = rowNorms(y, n, k);
  const wanted = Math.min(10, n);
  // The exact top 10 of every query, as exact ranking finds it: by x · y_i, or by cosine among rows with a length.
  const scores = new Float32Array(n);
  const skip = new Uint8Array(n);
  const exact: Int32Array[] = [];
  for (let s = 0; s < q; s++) {
    const x = queries.subarray(s * k, (s + 1) * k);
    scoreAll(y, n, k, x, scores);
    if (metric === "cosine") {
      skip.fill(0);
      for (let i = 0; i < n; i++)
        if (norms[i] === 0) skip[i] = 1;
        else scores[i] /= norms[i];
      if (selfRows) skip[selfRows[s]] = 1;
    }
    exact.push(Int32Array.from(topK(scores, wanted, metric === "cosine" ? skip : undefined), (r) => r.index));
  }
  const total = exact.reduce((sum, list) => sum + list.length, 0);
  const allowed = Math.floor((1 - options.target) * total);
  // Only a graph by inner product has a head: by cosine every vector has one length.
  const maxHead = metric === "ip" ? Math.min(n, Math.max(options.minHead, Math.ceil(n * options.maxHeadShare))) : 0;
  const minHead = Math.min(maxHead, options.minHead);
  const rank = metric === "ip" ? lengthRanks(norms) : null;
  let best: AnnTuning | null = null;
  for (let ef = index.options.efSearch; ; ef *= 2) {
    index.efSearch = ef;
    // Where each missed product stands by length (a head of more than that many finds it).
    const missed: number[] = [];
    for (let s = 0; s < q; s++) {
      const found = new Set(index.search(queries.subarray(s * k, (s + 1) * k), firstFetch(wanted)));
      for (const row of exact[s]) if (!found.has(row)) missed.push(rank ? rank[row] : Number.MAX_SAFE_INTEGER);
    }
    missed.sort((a, b) => a - b);
    const needed = missed.length <= allowed ? 0 : missed[missed.length - allowed - 1] + 1;
    const head = Math.max(minHead, Math.min(maxHead, needed));
    const stillMissed = missed.filter((place) => place >= head).length;
    const tuning: AnnTuning = { metric, efSearch: ef, head, recall: total ? 1 - stillMissed / total : 1, queries: q };
    if (!best || tuning.recall > best.recall) best = tuning;
    if (needed <= maxHead || ef * 2 > options.maxEf) break;
  }
  index.efSearch = best.efSearch;
  index.setHead(y, best.head);
  return { options: { ...index.options, efSearch: best.efSearch, head: best.head }, tuning: best };
}

/** Up to `count` rows of an n × k matrix with a length, evenly spaced, as queries: the rows and their vectors (float32, as served). */
export function sampleRows(
  m: Float32Array | Float64Array,
  n: number,
  k: number,
  count: number,
): { rows: Int32Array; vectors: Float32Array } {
  const some: number[] = [];
  for (let i = 0; i < n; i++) {
    let squared = 0;
    for (let f = 0; f < k; f++) squared += m[i * k + f] ** 2;
    if (squared > 0) some.push(i);
  }
  const taken = Math.min(some.length, count);
  const rows = Int32Array.from({ length: taken }, (_, s) => some[Math.floor((s * some.length) / taken)]);
  const vectors = new Float32Array(taken * k);
  rows.forEach((row, s) => vectors.set(m.subarray(row * k, (row + 1) * k), s * k));
  return { rows, vectors };
}
