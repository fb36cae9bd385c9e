/**
 * A version trained on BM25-weighted counts is served with the same weighting: fold-in weighs a
 * customer's row as training weighed the matrix, so it lands on the vector training learned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldIn } from "../../src/model/fold-in";
import { createServices, type Services } from "../../src/serving";
import { customerRow } from "../../src/serving/customer-row";
import { Store } from "../../src/store";
import { FAST_TRAINING, trainModelFile } from "../helpers/trained-store";

let store: Store;
let services: Services;
beforeAll(async () => {
  const { dbPath } = await trainModelFile(undefined, { ...FAST_TRAINING, countWeighting: "bm25", solver: "cholesky", iterations: 20 });
  store = Store.open(dbPath);
  services = createServices(store);
});
afterAll(() => store.close());

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let f = 0; f < a.length; f++) {
    ab += a[f] * b[f];
    aa += a[f] * a[f];
    bb += b[f] * b[f];
  }
  return ab / Math.sqrt(aa * bb);
};

describe("a version trained on BM25-weighted counts", () => {
  it("says so in its settings", () => {
    expect(services.holder.latest().params.countWeighting).toBe("bm25");
  });

  it("folds a customer's row in to the vector training learned for them, which raw counts would not", () => {
    const model = services.holder.latest();
    const ids = model.customers.ids.filter((_, u) => u % 5 === 0);
    let weighed = 0;
    let raw = 0;
    for (const id of ids) {
      const row = customerRow(store, model, id);
      const trained = model.customerVector(id)!;
      weighed += cosine(model.foldInRow(row), trained);
      raw += cosine(
        foldIn(row.items, row.weights, model.productFactors, model.foldInGram(), model.k, model.trainedCount, model.params),
        trained,
      );
    }
    expect(weighed / ids.length).toBeGreaterThan(0.999);
    expect(raw / ids.length).toBeLessThan(weighed / ids.length - 0.001);
  });
});
