/**
 * Approximate top-k by inner product for large catalogues: an HNSW graph (Malkov & Yashunin 2018;
 * hnswlib, compiled from source by hnswlib-node) over a version's trained product vectors, each
 * label naming its product id. Callers over-fetch and filter, and rank the products without a
 * trained vector beside it (see serving/ann-search.ts); exact scoring stays the reference.
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

export interface AnnOptions {
  /** Links per node (HNSW's M). */
  m: number;
  /** Candidates kept while inserting (efConstruction). */
  efConstruction: number;
  /** Candidates kept while searching, at least the number asked for (ef). */
  efSearch: number;
  seed: number;
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

/**
 * The settings for a graph of `products`: a search keeps more candidates as the graph grows (ef of
 * a thousandth of the products, at least the default's), which holds recall@10 against exact
 * scoring at 0.95 or more up to a million products (npm run bench:ann).
 */
export function annOptionsFor(products: number, base: AnnOptions = DEFAULT_ANN_OPTIONS): AnnOptions {
  return { ...base, efSearch: Math.max(base.efSearch, Math.ceil(products / 1000)) };
}

export class AnnIndex {
  /** Label → product id. */
  private readonly ids: string[];

  private constructor(
    /** The graph; store/ann.repository.ts writes and reads it. */
    readonly graph: HierarchicalNSW,
    readonly k: number,
    ids: readonly string[],
    readonly options: AnnOptions,
    readonly metric: AnnMetric,
    readonly layout: AnnLayout,
  ) {
    this.efSearch = options.efSearch;
    this.ids = [...ids];
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
    const index = new AnnIndex(graph, k, [], options, metric, layout);
    for (let i = 0; i < ids.length; i++) index.insert(ids[i], factors, i * k);
    return index;
  }

  /** An empty graph of a layout over k-dimensional vectors, to build or read into. */
  static emptyGraph(layout: AnnLayout, k: number): HierarchicalNSW {
    return new HierarchicalNSW(layout === "ip" ? "ip" : "l2", annDimensions(layout, k));
  }

  /** An index over a graph read back, its labels being `ids` in order. */
  static of(
    graph: HierarchicalNSW,
    k: number,
    ids: readonly string[],
    stored: { options: AnnOptions; metric: AnnMetric; layout: AnnLayout },
  ): AnnIndex {
    if (graph.getNumDimensions() !== annDimensions(stored.layout, k))
      throw new Error(`the ANN graph has ${graph.getNumDimensions()} dimensions, the model ${k} (${stored.layout})`);
    if (graph.getCurrentCount() !== ids.length)
      throw new Error(`the ANN graph holds ${graph.getCurrentCount()} products, the model ${ids.length}`);
    return new AnnIndex(graph, k, ids, stored.options, stored.metric, stored.layout);
  }

  /** Candidates kept while searching (ef): the options' unless set (a benchmark tries several on one graph). */
  efSearch: number;

  /** Products in the graph. */
  get size(): number {
    return this.graph.getCurrentCount();
  }

  idOf(label: number): string {
    return this.ids[label];
  }

  /** y ("ip"), or (y/|y|, 0) (augmented, by cosine: M = 1), under the next label. */
  private insert(id: string, factors: ArrayLike<number>, at: number): void {
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
    const label = this.ids.length;
    this.ids.push(id);
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
