/**
 * Factors trained elsewhere (Spark MLlib's ALS, read by spark-model.ts) placed on a training run's own
 * indices: each customer's and product's row copied by id, and the rows the import lacks (customers
 * and products that came after the export) solved exactly against the other side, as ALS would.
 */
import { alsLoss, confidenceFromWeights, rowRidges, solveRowsExact } from "../model/als";
import type { RowProblemOptions } from "../model/confidence";
import { type Csr, transpose } from "../model/csr";
import type { IdIndex } from "../store";

/** Factors by the shop's own ids, for a model version (TrainingOptions.factorsFrom). */
export interface ImportedFactors {
  rank: number;
  /** The export's data cut: the newest interaction id the factors learned from. */
  upToId: number;
  customers: ReadonlyMap<string, ArrayLike<number>>;
  products: ReadonlyMap<string, ArrayLike<number>>;
}

export interface PlacedFactors {
  userFactors: Float64Array;
  itemFactors: Float64Array;
  /** Rows the import had no factors for, solved here. */
  solvedCustomers: number;
  solvedProducts: number;
  /** The training objective at these factors (as ALS reports it after a sweep). */
  loss: number;
}

/** Copies each id's row into a rows × k array; returns the indices of the rows with none. */
function copyRows(index: IdIndex, given: ReadonlyMap<string, ArrayLike<number>>, k: number, into: Float64Array): number[] {
  const missing: number[] = [];
  for (let r = 0; r < index.size; r++) {
    const row = given.get(index.idAt(r));
    if (row === undefined) {
      missing.push(r);
      continue;
    }
    for (let f = 0; f < k; f++) into[r * k + f] = row[f];
  }
  return missing;
}

/** The imported factors on the matrix's indices, the missing products solved first (against the imported customers), then the missing customers. */
export function placeFactors(
  learned: Csr,
  customers: IdIndex,
  products: IdIndex,
  given: ImportedFactors,
  options: RowProblemOptions,
): PlacedFactors {
  const k = given.rank;
  const userFactors = new Float64Array(customers.size * k);
  const itemFactors = new Float64Array(products.size * k);
  const missingCustomers = copyRows(customers, given.customers, k, userFactors);
  const missingProducts = copyRows(products, given.products, k, itemFactors);
  const confidence = confidenceFromWeights(learned, options);
  const confidenceT = transpose(confidence);
  const userRidges = rowRidges(confidence, options);
  const itemRidges = rowRidges(confidenceT, options);
  solveRowsExact(confidenceT, itemRidges, itemFactors, userFactors, k, missingProducts);
  solveRowsExact(confidence, userRidges, userFactors, itemFactors, k, missingCustomers);
  return {
    userFactors,
    itemFactors,
    solvedCustomers: missingCustomers.length,
    solvedProducts: missingProducts.length,
    loss: alsLoss(confidence, userFactors, itemFactors, k, userRidges, itemRidges),
  };
}
