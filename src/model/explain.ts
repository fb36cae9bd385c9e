/**
 * Explaining a recommendation by the customer's own items (Hu, Koren & Volinsky 2008, §5):
 *   p̂_ui = y_iᵀ x_u = Σ_j s_ij c_uj,   s_ij = y_iᵀ W y_j,   W = (YᵀY + λ_u I + Yᵀ(C_u − I)Y)⁻¹
 * so item j of the customer's history contributes s_ij·c_uj to the score of item i. W is the inverse of
 * the same matrix fold-in solves with; one Cholesky factor serves every item explained.
 */
import { type RowProblemOptions, rowRidge } from "./confidence";
import { positiveRow } from "./fold-in";
import { choleskyFactor, choleskySolveInPlace, dot } from "./linalg";
import { buildRowSystem, SolverScratch } from "./solvers";

export class Explainer {
  private readonly factor: Float64Array;
  /** The customer's positive items and their confidences. */
  readonly items: readonly number[];
  private readonly confidence: Float64Array;

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
    scratch: SolverScratch = new SolverScratch(k),
  ) {
    const row = positiveRow(items, weights, options);
    this.items = Array.from(row.indices);
    this.confidence = row.confidence;
    buildRowSystem(row, itemFactors, gram, rowRidge(row.extraConfidence, itemCount, options), k, scratch);
    this.factor = scratch.a.slice();
    choleskyFactor(this.factor, k);
  }

  /** Each of the customer's items' contribution s_ij·c_uj to the score of `target`, aligned with `items`. */
  contributions(target: number): Float64Array {
    const w = Float64Array.from({ length: this.k }, (_, f) => this.itemFactors[target * this.k + f]);
    choleskySolveInPlace(this.factor, this.k, w); // w = W y_i
    return Float64Array.from(this.items, (item, t) => dot(w, 0, this.itemFactors, item * this.k, this.k) * this.confidence[t]);
  }
}
