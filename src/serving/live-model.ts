/**
 * A loaded model version as the server uses it: flat Float32 factors, cached product norms, the
 * popularity order, and customer vectors that grow as new customers are folded in.
 */
import type { AnnIndex } from "../model/ann-index";
import { DEFAULT_EVENT_WEIGHTS, type EventWeights, type ProductRecord } from "../domain/records";
import { DEFAULT_ALS_OPTIONS } from "../model/als";
import type { RowProblemOptions } from "../model/confidence";
import { categoryMeans } from "../model/cold-start";
import { bm25Idf, bm25Row, type CountWeighting, type CountWeights } from "../model/count-weighting";
import { Explainer } from "../model/explain";
import { foldIn, foldInGram, positiveSums } from "../model/fold-in";
import { type ItemKnnModel, knnContributions } from "../model/item-knn";
import { ALS_RANKER, Ranker, type RankerSettings } from "../model/ranker";
import { SolverScratch } from "../model/solvers";
import { rowNorms } from "../model/scoring";
import { IdIndex, type StoredModel } from "../store";
import { type ColdGroup, coldGroups } from "./cold-groups";

export interface ModelParams extends RowProblemOptions {
  eventWeights: EventWeights;
  recencyHalfLifeDays: number;
  countWeighting: CountWeighting;
  ranker: RankerSettings;
}

/** What explains a list's scores: the customer's items and each one's share of a product's score. */
export interface ScoreExplainer {
  readonly items: readonly number[];
  contributions(target: number): Float64Array;
}

/** A customer's row over the trained products: product indices (may repeat) and weights. */
export interface ProductRow {
  items: ArrayLike<number>;
  weights: ArrayLike<number>;
}

export class LiveModel {
  readonly id: number;
  readonly k: number;
  readonly params: ModelParams;
  /** The newest interaction the model was trained on (ms): recency weighting's reference time. */
  readonly dataEnd: number | null;
  readonly products: IdIndex;
  readonly productFactors: Float32Array;
  readonly productNorms: Float32Array;
  /** Product metadata aligned with product indices. */
  readonly productRecords: readonly ProductRecord[];
  /** Product indices from most to least bought. */
  readonly popularOrder: Int32Array;
  /** Share of the model's customers who bought each product, 0..1. */
  readonly popularity: Float32Array;
  readonly customers: IdIndex;
  /** A buffer of one score per product, reused by every ranking over this model. */
  readonly scores: Float32Array;
  /** Item-kNN neighbour lists over the trained products, when the ranker blends item-kNN in. */
  readonly neighbours: ItemKnnModel | null;
  /** The ranker tuning chose (model/ranker.ts), over every product of this catalogue. */
  readonly ranker: Ranker;
  /** HNSW graphs by inner product (recommendations) and by cosine (similar products), for a large catalogue. */
  readonly ann: AnnIndex | null;
  readonly annCosine: AnnIndex | null;
  /** With a graph (which holds the trained products): the others, bought by nobody at training or added since, by shared vector. */
  readonly coldGroups: readonly ColdGroup[];
  private customerFactors: Float32Array;
  private gram: Float64Array | null;
  /** What weighs a customer's row as training weighed the matrix (BM25's figures), or null for raw counts. */
  private readonly countWeights: CountWeights | null;
  /** Fold-in's buffers, reused by every request (they grow to the longest row seen). */
  private readonly scratch: SolverScratch;

  /**
   * Products the model was trained on come first (indices below this); catalogue products nobody had
   * bought follow, with their category's mean vector (zeros without a category). Fold-in, its Gram
   * matrix and explanations use the trained ones only, exactly as training did.
   */
  readonly trainedCount: number;

  /** 1 for products that must never be recommended: out of stock or archived. */
  readonly blocked: Uint8Array;
  readonly blockedCount: number;

  constructor(
    readonly stored: StoredModel,
    productRecords: readonly ProductRecord[],
    /** Catalogue products the model has no vector for. */
    untrained: readonly ProductRecord[] = [],
    /** The same version with an older catalogue: its folded-in customers and caches carry over. */
    carry?: LiveModel,
    /** The version's HNSW graphs over its products, for ANN ranking (serving/ann-search.ts), if it has them. */
    graphs: { ip: AnnIndex | null; cosine: AnnIndex | null } = { ip: carry?.ann ?? null, cosine: carry?.annCosine ?? null },
  ) {
    this.id = stored.id;
    this.k = stored.factors;
    const p = stored.params;
    const d = DEFAULT_ALS_OPTIONS;
    this.params = {
      alpha: p.alpha ?? d.alpha,
      scaling: p.scaling ?? d.scaling,
      epsilon: p.epsilon ?? d.epsilon,
      regularization: p.regularization ?? d.regularization,
      regularizationExponent: p.regularizationExponent ?? 0,
      eventWeights: { ...DEFAULT_EVENT_WEIGHTS, ...p.eventWeights },
      recencyHalfLifeDays: p.recencyHalfLifeDays ?? 0,
      countWeighting: p.countWeighting ?? "raw",
      ranker: p.ranker ?? ALS_RANKER,
    };
    this.neighbours = stored.neighbours ? { neighbours: stored.neighbours } : null;
    // A version whose ranker needs neighbour lists it lacks is served by the rest of its blend.
    if (this.params.ranker.itemKnn > 0 && !this.neighbours) this.params.ranker = { ...this.params.ranker, itemKnn: 0 };
    this.dataEnd = stored.stats.dataEnd;
    const k = this.k;
    const trained = stored.products.size;
    this.trainedCount = trained;
    // Cold start: untrained products get their category's mean vector.
    const categoryIds = new Map<string, number>();
    const categoryOf = (p: ProductRecord) => {
      if (p.category === null) return -1;
      if (!categoryIds.has(p.category)) categoryIds.set(p.category, categoryIds.size);
      return categoryIds.get(p.category)!;
    };
    const trainedCategories = Int32Array.from(productRecords, categoryOf);
    const untrainedCategories = untrained.map(categoryOf);
    const { means, counts } = categoryMeans(stored.productFactors, trained, k, trainedCategories, categoryIds.size);
    const n = trained + untrained.length;
    // Our own index: the stored model's stays the list of trained products.
    const products = new IdIndex(stored.products.ids);
    const factors = new Float32Array(n * k);
    factors.set(stored.productFactors);
    untrained.forEach((p, u) => {
      const c = untrainedCategories[u];
      products.add(p.id);
      if (c >= 0 && counts[c] > 0) factors.set(means.subarray(c * k, c * k + k), (trained + u) * k);
    });
    this.products = products;
    this.productFactors = factors;
    this.ann = graphs.ip;
    this.annCosine = graphs.cosine;
    this.coldGroups = this.ann || this.annCosine ? coldGroups(trained, untrainedCategories, counts) : [];
    this.productNorms = rowNorms(factors, n, k);
    this.productRecords = [...productRecords, ...untrained];
    const buyers = (i: number) => (i < trained ? stored.buyers[i] : 0);
    this.popularOrder = Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => buyers(b) - buyers(a) || (products.idAt(a) < products.idAt(b) ? -1 : 1),
    );
    // The customers trained on (the index also grows with every customer folded in live).
    const customerCount = Math.max(1, stored.stats.customers || stored.customers.size);
    this.popularity = Float32Array.from({ length: n }, (_, i) => buyers(i) / customerCount);
    // BM25's idf from each product's buyers (a product nobody bought weighs as the rarest).
    this.countWeights =
      this.params.countWeighting === "bm25"
        ? {
            idf: bm25Idf(
              Array.from({ length: n }, (_, i) => buyers(i)),
              customerCount,
            ),
            meanRowSum: stored.stats.meanRowSum ?? 1,
          }
        : null;
    this.blocked = Uint8Array.from(this.productRecords, (p) => (p.available === false || p.archived ? 1 : 0));
    this.blockedCount = this.blocked.reduce((sum, b) => sum + b, 0);
    this.customers = stored.customers;
    this.customerFactors = carry ? carry.customerFactors : stored.customerFactors;
    this.gram = carry ? carry.gram : null;
    this.scores = new Float32Array(n);
    const unscorable: number[] = [];
    for (let i = trained; i < n; i++) if (this.productNorms[i] === 0) unscorable.push(i);
    const parts = { products: n, itemFactors: factors, factors: k, neighbours: this.neighbours, popularity: this.popularity, unscorable };
    this.ranker = new Ranker(this.params.ranker, parts);
    this.scratch = new SolverScratch(k);
  }

  /** A catalogue product's record as this model serves it (every product is in it, bought or not), or undefined. */
  product(id: string): ProductRecord | undefined {
    const i = this.products.indexOf(id);
    return i === undefined ? undefined : this.productRecords[i];
  }

  /** This version with the catalogue as it is now (see ModelHolder.refreshCatalog). */
  withCatalog(productRecords: readonly ProductRecord[], untrained: readonly ProductRecord[]): LiveModel {
    return new LiveModel(this.stored, productRecords, untrained, this);
  }

  /**
   * Whether a product can be part of a customer's row in fold-in: trained products, and products added
   * since with their category's vector (so a new product counts at once, without a retrain).
   */
  foldable(index: number): boolean {
    return index < this.trainedCount || this.productNorms[index] > 0;
  }

  get productCount(): number {
    return this.products.size;
  }

  /** The customer's factor vector, or undefined when the model has none for them. */
  customerVector(customerId: string): Float32Array | undefined {
    const idx = this.customers.indexOf(customerId);
    if (idx === undefined) return undefined;
    return this.customerFactors.subarray(idx * this.k, (idx + 1) * this.k);
  }

  /** Sets (or adds) a customer's vector, growing the factor matrix geometrically when needed. */
  setCustomerVector(customerId: string, vector: ArrayLike<number>): void {
    const idx = this.customers.add(customerId);
    const needed = (idx + 1) * this.k;
    if (needed > this.customerFactors.length) {
      const grown = new Float32Array(Math.max(needed, this.customerFactors.length * 2));
      grown.set(this.customerFactors);
      this.customerFactors = grown;
    }
    this.customerFactors.set(vector, idx * this.k);
  }

  /** A customer vector from a row over the trained products (model/fold-in.ts), solved exactly. */
  foldInRow(raw: ProductRow): Float64Array {
    const row = this.weighRow(raw);
    return foldIn(row.items, row.weights, this.productFactors, this.foldInGram(), this.k, this.trainedCount, this.params, this.scratch);
  }

  /** Hu et al.'s explanation of a customer's scores (model/explain.ts), from their row over the trained products. */
  explainer(raw: ProductRow): Explainer {
    const row = this.weighRow(raw);
    return new Explainer(
      row.items,
      row.weights,
      this.productFactors,
      this.foldInGram(),
      this.k,
      this.trainedCount,
      this.params,
      this.scratch,
    );
  }

  /**
   * A customer's row as the model learned from such rows: as it is for raw counts; for BM25, each
   * product's positive sum weighed by model/count-weighting.ts with the training figures.
   */
  weighRow(row: ProductRow): ProductRow {
    if (!this.countWeights) return row;
    const { indices, sums } = positiveSums(row.items, row.weights);
    return { items: indices, weights: bm25Row(indices, sums, this.countWeights) };
  }

  /** Whether this version ranks by popularity alone (tuning found nothing personal that does better). */
  get popularityOnly(): boolean {
    const w = this.ranker.weights;
    return w.als <= 0 && w.itemKnn <= 0;
  }

  /** Whether ranking a customer needs their row (item-kNN scores from it), not only their vector. */
  get ranksByRow(): boolean {
    return this.ranker.needsRow;
  }

  /**
   * The ranker's score of every product for a customer's vector and (when item-kNN is blended in) row,
   * in `scores`: model/ranker.ts's Ranker, the one tuning scored. Products with no vector at all
   * (untrained, without a category) are NaN: they come only through popularity. Returns what explains
   * them, built from the row on first use.
   */
  rank(vector: ArrayLike<number>, row: () => ProductRow, ranker: Ranker = this.ranker): () => ScoreExplainer {
    let built: ProductRow | undefined;
    const once = () => (built ??= row());
    const scales = ranker.score(vector, () => knnRow(this.weighRow(once())), this.scores);
    if (ranker.alsOnly) return () => this.explainer(once());
    return () => this.blendExplainer(once(), scales.als, scales.itemKnn);
  }

  /** The blend's explanation: each item's ALS share and item-kNN share, each scaled as the blend scaled its part. */
  private blendExplainer(row: ProductRow, alsScale: number, knnScale: number): ScoreExplainer {
    const als = alsScale > 0 ? this.explainer(row) : null;
    const { indices, sums } = knnRow(this.weighRow(row));
    const items = Array.from(indices);
    return {
      items,
      contributions: (target) => {
        const out = new Float64Array(items.length);
        // The ALS explainer's items are the same positive items, in the same (ascending) order.
        if (als) als.contributions(target).forEach((c, t) => (out[t] += alsScale * c));
        if (knnScale > 0 && this.neighbours)
          knnContributions(this.neighbours, indices, sums, target).forEach((c, t) => (out[t] += knnScale * c));
        return out;
      },
    };
  }

  /** YᵀY of the trained products, for fold-in, computed on first use. */
  foldInGram(): Float64Array {
    this.gram ??= foldInGram(this.productFactors, this.trainedCount, this.k);
    return this.gram;
  }
}

/** A row's distinct positive products and sums, as item-kNN scores them. */
function knnRow(row: ProductRow): { indices: Int32Array; sums: Float64Array } {
  return positiveSums(row.items, row.weights);
}
