/**
 * A loaded model version as the server uses it: flat Float32 factors, cached product norms, the
 * popularity order, and customer vectors that grow as new customers are folded in.
 */
import { DEFAULT_EVENT_WEIGHTS, type EventWeights, type ProductRecord } from "../domain/records";
import { DEFAULT_ALS_OPTIONS } from "../model/als";
import type { RowProblemOptions } from "../model/confidence";
import { categoryMeans } from "../model/cold-start";
import { Explainer } from "../model/explain";
import { foldIn, foldInGram } from "../model/fold-in";
import { SolverScratch } from "../model/solvers";
import { rowNorms } from "../model/scoring";
import { IdIndex, type StoredModel } from "../store";

export interface ModelParams extends RowProblemOptions {
  eventWeights: EventWeights;
  recencyHalfLifeDays: number;
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
  private customerFactors: Float32Array;
  private gram: Float64Array | null = null;
  /** Fold-in's buffers, reused by every request (they grow to the longest row seen). */
  private readonly scratch: SolverScratch;

  /**
   * Products the model was trained on come first (indices below this); catalogue products nobody had
   * bought follow, with their category's mean vector (zeros without a category). Fold-in, its Gram
   * matrix and explanations use the trained ones only, exactly as training did.
   */
  readonly trainedCount: number;

  constructor(
    readonly stored: StoredModel,
    productRecords: readonly ProductRecord[],
    /** Catalogue products the model has no vector for. */
    untrained: readonly ProductRecord[] = [],
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
    };
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
    this.productNorms = rowNorms(factors, n, k);
    this.productRecords = [...productRecords, ...untrained];
    const buyers = (i: number) => (i < trained ? stored.buyers[i] : 0);
    this.popularOrder = Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => buyers(b) - buyers(a) || (products.idAt(a) < products.idAt(b) ? -1 : 1),
    );
    const customerCount = Math.max(1, stored.customers.size);
    this.popularity = Float32Array.from({ length: n }, (_, i) => buyers(i) / customerCount);
    this.customers = stored.customers;
    this.customerFactors = stored.customerFactors;
    this.scores = new Float32Array(n);
    this.scratch = new SolverScratch(k);
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
  foldInRow(row: { items: ArrayLike<number>; weights: ArrayLike<number> }): Float64Array {
    return foldIn(row.items, row.weights, this.productFactors, this.foldInGram(), this.k, this.trainedCount, this.params, this.scratch);
  }

  /** Hu et al.'s explanation of a customer's scores (model/explain.ts), from their row over the trained products. */
  explainer(row: { items: ArrayLike<number>; weights: ArrayLike<number> }): Explainer {
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

  /** YᵀY of the trained products, for fold-in, computed on first use. */
  foldInGram(): Float64Array {
    this.gram ??= foldInGram(this.productFactors, this.trainedCount, this.k);
    return this.gram;
  }
}
