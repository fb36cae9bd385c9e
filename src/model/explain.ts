/**
 * Explaining a recommendation by the customer's own items (Hu, Koren & Volinsky 2008, §5):
 *   p̂_ui = y_iᵀ x_u = Σ_j s_ij c_uj,   s_ij = y_iᵀ W y_j,   W = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹
 * so item j of the customer's history contributes s_ij·c_uj to the score of item i. W is the inverse of
 * the same matrix fold-in solves with; one Cholesky factor serves every item explained.
 */
import { confidenceOf, type RowProblemOptions, rowRidge } from "./confidence";
import { choleskyFactor, choleskySolveInPlace, dot } from "./linalg";

export class Explainer {
  private readonly factor: Float64Array;
  /** The customer's positive items and their confidences. */
  readonly items: number[] = [];
  private readonly confidence: number[] = [];

  /**
   * @param items, weights the customer's interactions (summed per item; items netting to ≤ 0 are not positives)
   * @param gram YᵀY of the fixed item factors
   */
  constructor(
    items: ArrayLike<number>,
    weights: ArrayLike<number>,
    private readonly itemFactors: ArrayLike<number>,
    gram: Float64Array,
    private readonly k: number,
    itemCount: number,
    options: RowProblemOptions,
  ) {
    const summed = new Map<number, number>();
    for (let t = 0; t < items.length; t++) summed.set(items[t], (summed.get(items[t]) ?? 0) + weights[t]);
    let extra = 0;
    for (const [item, w] of [...summed].sort((a, b) => a[0] - b[0])) {
      if (w <= 0) continue;
      const c = confidenceOf(w, options);
      this.items.push(item);
      this.confidence.push(c);
      extra += c - 1;
    }
    const a = gram.slice();
    const ridge = rowRidge(extra, itemCount, options);
    for (let f = 0; f < k; f++) a[f * k + f] += ridge;
    this.items.forEach((item, t) => {
      const yi = item * k;
      const w = this.confidence[t] - 1;
      for (let f = 0; f < k; f++) {
        const v = w * itemFactors[yi + f];
        for (let g = 0; g <= f; g++) a[f * k + g] += v * itemFactors[yi + g];
      }
    });
    choleskyFactor(a, k);
    this.factor = a;
  }

  /** Each of the customer's items' contribution s_ij·c_uj to the score of `target`, aligned with `items`. */
  contributions(target: number): Float64Array {
    const w = Float64Array.from({ length: this.k }, (_, f) => this.itemFactors[target * this.k + f]);
    choleskySolveInPlace(this.factor, this.k, w); // w = W y_i
    return Float64Array.from(this.items, (item, t) => dot(w, 0, this.itemFactors, item * this.k, this.k) * this.confidence[t]);
  }
}
