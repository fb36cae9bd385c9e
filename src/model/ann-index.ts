/**
 * Approximate top-k by inner product for large catalogues: an HNSW graph (Malkov & Yashunin 2018;
 * hnswlib, compiled from source by hnswlib-node) over product vectors, keyed by product id so that
 * products added after training go into the same graph. Callers over-fetch and filter (see
 * serving/ann-search.ts); exact scoring stays the reference.
 *
 * Inner product is not a metric, and HNSW over it leaves products no search reaches. Each vector y
 * goes in as (y, √(M² − |y|²)) with M the largest norm, and a query x as (x, 0): then
 * |q − p|² = |x|² + M² − 2·x·y, so the nearest by Euclidean distance are the largest by x · y
 * (Bachrach et al. 2014). A graph by cosine (similar products) holds the unit vectors y/|y|, M = 1.
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
  /** Label → product id, and back. */
  private readonly ids: string[];
  private readonly labels = new Map<string, number>();
  /** Each label's vector as inserted, to tell whether a product's vector changed. */
  private readonly inserted = new Map<number, Float32Array>();

  private constructor(
    /** The graph; store/ann.repository.ts writes and reads it. */
    readonly graph: HierarchicalNSW,
    readonly k: number,
    ids: readonly string[],
    readonly options: AnnOptions,
    /** M, the largest norm of the vectors it was built over. */
    readonly maxNorm: number,
    readonly metric: AnnMetric,
  ) {
    this.efSearch = options.efSearch;
    this.ids = [...ids];
    this.ids.forEach((id, label) => this.labels.set(id, label));
  }

  /** Builds the graph over rows 0..n−1 of an n × k matrix, row i being product ids[i]. */
  static build(
    ids: readonly string[],
    factors: ArrayLike<number>,
    k: number,
    options: AnnOptions = DEFAULT_ANN_OPTIONS,
    metric: AnnMetric = "ip",
  ): AnnIndex {
    let maxNorm = metric === "cosine" ? 1 : 0;
    for (let i = 0; metric === "ip" && i < ids.length; i++) {
      let squared = 0;
      for (let f = 0; f < k; f++) squared += factors[i * k + f] ** 2;
      maxNorm = Math.max(maxNorm, Math.sqrt(squared));
    }
    const graph = new HierarchicalNSW("l2", k + 1);
    graph.initIndex({
      maxElements: Math.max(1, ids.length),
      m: options.m,
      efConstruction: options.efConstruction,
      randomSeed: options.seed,
    });
    const index = new AnnIndex(graph, k, [], options, maxNorm, metric);
    for (let i = 0; i < ids.length; i++) index.insert(ids[i], factors, i * k);
    return index;
  }

  /** An index over a graph read back, its labels being `ids` in order. */
  static of(graph: HierarchicalNSW, k: number, ids: readonly string[], options: AnnOptions, maxNorm: number, metric: AnnMetric): AnnIndex {
    if (graph.getNumDimensions() !== k + 1)
      throw new Error(`the ANN graph has ${graph.getNumDimensions()} dimensions, the model ${k} (+1)`);
    if (graph.getCurrentCount() !== ids.length)
      throw new Error(`the ANN graph holds ${graph.getCurrentCount()} products, the model ${ids.length}`);
    return new AnnIndex(graph, k, ids, options, maxNorm, metric);
  }

  /** Candidates kept while searching (ef): the options' unless set (a benchmark tries several on one graph). */
  efSearch: number;

  /** Products in the graph (a product moved counts once). */
  get size(): number {
    return this.labels.size;
  }

  idOf(label: number): string {
    return this.ids[label];
  }

  /**
   * Puts a product into the graph, or moves it when its vector changed (a new product with its
   * category's vector; its category changed). A product already there with this vector costs a lookup.
   */
  upsert(id: string, vector: ArrayLike<number>): void {
    const known = this.labels.get(id);
    if (known !== undefined) {
      // A product trained with the version (no vector of its own here) keeps its place: its vector is the version's.
      const was = this.inserted.get(known);
      if (was === undefined || sameVector(was, vector)) return;
      this.graph.markDelete(known);
    }
    if (this.graph.getCurrentCount() >= this.graph.getMaxElements())
      this.graph.resizeIndex(Math.ceil(this.graph.getMaxElements() * 1.5) + 16);
    this.inserted.set(this.ids.length, Float32Array.from(vector));
    this.insert(id, vector, 0);
  }

  /** (y, √(M² − |y|²)) under the next label; a vector longer than M (added live) goes in with 0. */
  private insert(id: string, factors: ArrayLike<number>, at: number): void {
    const point = new Array<number>(this.k + 1);
    let squared = 0;
    for (let f = 0; f < this.k; f++) squared += (point[f] = factors[at + f]) ** 2;
    if (this.metric === "cosine" && squared > 0) {
      const norm = Math.sqrt(squared);
      for (let f = 0; f < this.k; f++) point[f] /= norm;
      squared = 1;
    }
    point[this.k] = Math.sqrt(Math.max(0, this.maxNorm ** 2 - squared));
    const label = this.ids.length;
    this.ids.push(id);
    this.labels.set(id, label);
    this.graph.addPoint(point, label);
  }

  /** Upserts rows from..n−1 of an n × k matrix with a vector (not all zeros), row i being product ids[i]. */
  upsertRows(ids: readonly string[], factors: Float32Array, from: number, n: number): void {
    for (let i = from; i < n; i++) {
      const vector = factors.subarray(i * this.k, (i + 1) * this.k);
      if (vector.some((v) => v !== 0)) this.upsert(ids[i], vector);
    }
  }

  /** The labels of up to `count` products with the largest inner product (or cosine) with `query`, best first (ties as the graph finds them). */
  search(query: ArrayLike<number>, count: number): Int32Array {
    const n = Math.min(count, this.graph.getCurrentCount());
    if (n <= 0) return new Int32Array(0);
    this.graph.setEf(Math.max(this.efSearch, n));
    const point = Array.from({ length: this.k + 1 }, (_, f) => (f < this.k ? query[f] : 0));
    return Int32Array.from(this.graph.searchKnn(point, n).neighbors);
  }
}

function sameVector(a: Float32Array, b: ArrayLike<number>): boolean {
  for (let f = 0; f < a.length; f++) if (a[f] !== Math.fround(b[f])) return false;
  return true;
}
