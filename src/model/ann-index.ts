/**
 * Approximate top-k by inner product for large catalogues: an HNSW graph (Malkov & Yashunin 2018;
 * hnswlib, compiled from source by hnswlib-node) over a version's trained product vectors, each
 * label i being the version's product i (ids[i]). Callers over-fetch and filter, and rank exactly beside it the
 * products without a trained vector and the graph's head, the longest vectors, which a search by
 * inner product does not reach (serving/ann-search.ts; model/ann-tuning.ts sets a graph's ef and
 * head when it is built); exact scoring stays the reference.
 *
 * Two layouts. "ip": the vectors as they are, in hnswlib's inner-product space (distance 1 − x·y;
 * the graph ranks by inner product directly, as ip-NSW does: Morozov & Babenko 2018). "augmented":
 * each vector y as (y, √(M² − |y|²)), M the largest norm, a query x as (x, 0), in Euclidean space:
 * |q − p|² = |x|² + M² − 2·x·y (Bachrach et al. 2014); a graph by cosine (similar products) holds
 * the unit vectors so, with M = 1. Graphs by inner product were first built augmented; on trained
 * factors, whose norms span three orders of magnitude, the added coordinate is nearly M for almost
 * every product, and the graph found 43% of the exact top 10 where "ip" finds 99% (npm run
 * bench:scale, docs/scaling.md). Graphs by inner product are built "ip" now; older ones still load.
 */
import { HierarchicalNSW } from "hnswlib-node";
import { rowNorms } from "./scoring";
import { topK } from "./top-k";

export interface AnnOptions {
  /** Links per node (HNSW's M). */
  m: number;
  /** Candidates kept while inserting (efConstruction). */
  efConstruction: number;
  /** Candidates kept while searching, at least the number asked for (ef). */
  efSearch: number;
  seed: number;
  /**
   * By inner product: this many products with the longest vectors are scored exactly beside the
   * graph, which does not reach them (model/ann-tuning.ts). Set when the graph is measured at
   * training; graphs stored before have none.
   */
  head?: number;
}

/** Candidates asked of a graph at most, before exact scoring takes over. */
export const MAX_ANN_FETCH = 4096;

/** The first fetch for a list of `wanted`: twice as many and some, for what the list's mask takes out. */
export function firstFetch(wanted: number): number {
  return Math.max(64, 2 * wanted + 32);
}

/**
 * Catalogues from this size on get a graph at training (npm run bench:ann): below it, exact scoring
 * of every product costs under 2 ms a list and is exact.
 */
export const DEFAULT_ANN_MIN_PRODUCTS = 50_000;

/** What a graph ranks by: x · y_i (recommendations), or cos(x, y_i) (similar products). */
export type AnnMetric = "ip" | "cosine";

/** How a graph holds its vectors (see above): as they are, by inner product, or augmented by a coordinate, by distance. */
export type AnnLayout = "ip" | "augmented";

/** The dimensions of a graph over k-dimensional vectors. */
function annDimensions(layout: AnnLayout, k: number): number {
  return layout === "ip" ? k : k + 1;
}

export const DEFAULT_ANN_OPTIONS: AnnOptions = { m: 16, efConstruction: 100, efSearch: 100, seed: 42 };

export class AnnIndex {
  private constructor(
    /** The graph; store/ann.repository.ts writes and reads it. */
    readonly graph: HierarchicalNSW,
    readonly k: number,
    readonly options: AnnOptions,
    readonly metric: AnnMetric,
    readonly layout: AnnLayout,
  ) {
    this.efSearch = options.efSearch;
  }

  /** Builds the graph over rows 0..n−1 of an n × k matrix, row i being product ids[i]. */
  static build(
    ids: readonly string[],
    factors: ArrayLike<number>,
    k: number,
    options: AnnOptions = DEFAULT_ANN_OPTIONS,
    metric: AnnMetric = "ip",
  ): AnnIndex {
    const layout: AnnLayout = metric === "ip" ? "ip" : "augmented";
    const graph = AnnIndex.emptyGraph(layout, k);
    graph.initIndex({
      maxElements: Math.max(1, ids.length),
      m: options.m,
      efConstruction: options.efConstruction,
      randomSeed: options.seed,
    });
    const index = new AnnIndex(graph, k, options, metric, layout);
    for (let i = 0; i < ids.length; i++) index.insert(factors, i);
    return index;
  }

  /** An empty graph of a layout over k-dimensional vectors, to build or read into. */
  static emptyGraph(layout: AnnLayout, k: number): HierarchicalNSW {
    return new HierarchicalNSW(layout === "ip" ? "ip" : "l2", annDimensions(layout, k));
  }

  /**
   * An index over a graph read back, its labels being `ids` in order, over the rows of `factors`
   * they were built from (which give the head its options name).
   */
  static of(
    graph: HierarchicalNSW,
    factors: Float32Array,
    k: number,
    ids: readonly string[],
    stored: { options: AnnOptions; metric: AnnMetric; layout: AnnLayout },
  ): AnnIndex {
    if (graph.getNumDimensions() !== annDimensions(stored.layout, k))
      throw new Error(`the ANN graph has ${graph.getNumDimensions()} dimensions, the model ${k} (${stored.layout})`);
    if (graph.getCurrentCount() !== ids.length)
      throw new Error(`the ANN graph holds ${graph.getCurrentCount()} products, the model ${ids.length}`);
    const index = new AnnIndex(graph, k, stored.options, stored.metric, stored.layout);
    index.setHead(factors, stored.options.head ?? 0);
    return index;
  }

  /** Candidates kept while searching (ef): the options' unless set (a benchmark tries several on one graph). */
  efSearch: number;

  /** The labels of the products scored exactly beside the graph (AnnOptions.head), ascending. */
  head: Int32Array = new Int32Array(0);
  /** The head's vectors, row h being label head[h]'s: together, so that scoring them reads one block of memory. */
  headVectors: Float32Array = new Float32Array(0);
  private inHead = new Uint8Array(0);

  /** Makes the `count` longest of the graph's vectors (label i being row i of `factors`) its head. */
  setHead(factors: Float32Array, count: number): void {
    const k = this.k;
    this.head = count > 0 ? longestRows(rowNorms(factors, this.size, k), count).sort() : new Int32Array(0);
    this.headVectors = new Float32Array(this.head.length * k);
    this.head.forEach((label, h) => this.headVectors.set(factors.subarray(label * k, (label + 1) * k), h * k));
    this.inHead = new Uint8Array(this.size);
    for (const label of this.head) this.inHead[label] = 1;
  }

  /** Whether a label is in the head (a list takes it from there, not twice). */
  headHolds(label: number): boolean {
    return this.inHead[label] === 1;
  }

  /** Products in the graph. */
  get size(): number {
    return this.graph.getCurrentCount();
  }

  /** Row `label` of factors as y ("ip"), or (y/|y|, 0) (augmented, by cosine: M = 1), under that label. */
  private insert(factors: ArrayLike<number>, label: number): void {
    const at = label * this.k;
    const point = new Array<number>(annDimensions(this.layout, this.k));
    let squared = 0;
    for (let f = 0; f < this.k; f++) squared += (point[f] = factors[at + f]) ** 2;
    if (this.layout === "augmented") {
      if (this.metric === "cosine" && squared > 0) {
        const norm = Math.sqrt(squared);
        for (let f = 0; f < this.k; f++) point[f] /= norm;
        squared = 1;
      }
      point[this.k] = Math.sqrt(Math.max(0, 1 - squared));
    }
    this.graph.addPoint(point, label);
  }

  /** The labels of up to `count` products with the largest inner product (or cosine) with `query`, best first (ties as the graph finds them). */
  search(query: ArrayLike<number>, count: number): Int32Array {
    const n = Math.min(count, this.graph.getCurrentCount());
    if (n <= 0) return new Int32Array(0);
    this.graph.setEf(Math.max(this.efSearch, n));
    const point = Array.from({ length: annDimensions(this.layout, this.k) }, (_, f) => (f < this.k ? query[f] : 0));
    return Int32Array.from(this.graph.searchKnn(point, n).neighbors);
  }
}

/** The `count` rows with the longest vectors by their norms, longest first (ties: lower row). */
export function longestRows(norms: Float32Array, count: number): Int32Array {
  return Int32Array.from(topK(norms, Math.min(count, norms.length)), (r) => r.index);
}
