import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InteractionRecord } from "../../src/domain/records";
import { foldIn } from "../../src/model/fold-in";
import { createServices, type Services } from "../../src/serving";
import { customerRow } from "../../src/serving/customer-row";
import { LiveModel } from "../../src/serving/live-model";
import { type TrainingOptions, trainFromStore } from "../../src/training/training.service";
import { Store } from "../../src/store";
import { FAST_TRAINING, trainedModelFile } from "../helpers/trained-store";

const DAY = 86_400_000;
const TRAINING: TrainingOptions = {
  ...FAST_TRAINING,
  eventWeights: { ...FAST_TRAINING.eventWeights, quantityExponent: 0.5 },
  recencyHalfLifeDays: 30,
  iterations: 3,
};

let store: Store;
let services: Services;
let buyer: string;
let returned: string;
let undated: string;

/** The same version, made to read every customer's whole history instead of its stored rows. */
function fromHistory(model: LiveModel): LiveModel {
  const trained = model.productRecords.slice(0, model.trainedCount);
  return new LiveModel({ ...model.stored, hasCustomerRows: false }, trained, model.productRecords.slice(model.trainedCount));
}

/** A row as product index → summed weight. */
function summed(row: { items: number[]; weights: number[] }): Map<number, number> {
  const m = new Map<number, number>();
  row.items.forEach((item, t) => m.set(item, (m.get(item) ?? 0) + row.weights[t]));
  return m;
}

function expectSameRow(customerId: string): void {
  const model = services.holder.current;
  const stored = summed(customerRow(store, model, customerId));
  const history = summed(customerRow(store, fromHistory(model), customerId));
  expect([...stored.keys()].sort((a, b) => a - b)).toEqual([...history.keys()].sort((a, b) => a - b));
  for (const [item, w] of history) expect(stored.get(item)).toBeCloseTo(w, 12);
}

beforeAll(async () => {
  const { dbPath, shop } = await trainedModelFile(undefined, TRAINING);
  store = Store.open(dbPath);
  buyer = shop.purchases[0].customer_id;
  const bought = new Set(shop.purchases.filter((p) => p.customer_id === buyer).map((p) => p.product_id));
  [returned, undated] = shop.products.map((p) => p.product_id).filter((id) => !bought.has(id));
  const lastDay = Math.max(...shop.purchases.map((p) => Date.parse(p.purchase_date))) / DAY;
  const line = (productId: string, day: number | null, basketId: string, quantity: number): InteractionRecord => ({
    customerId: buyer,
    productId,
    type: "purchase",
    quantity,
    unitPrice: 2,
    occurredAt: day === null ? null : day * DAY,
    basketId,
    weight: null,
  });
  // An order and its later, larger return (nets below zero), and a line without a time; then retrain.
  store.transaction(() =>
    store.imports.insertMany(
      [line(returned, lastDay - 20, "R1", 2), line(returned, lastDay - 3, "CR1", -3), line(undated, null, "U1", 4)],
      "import",
    ),
  );
  trainFromStore(store, TRAINING);
  services = createServices(store);
});
afterAll(() => store.close());

describe("a customer's row read from the model version", () => {
  it("equals the row weighted afresh from their whole history, for every customer trained on", () => {
    const model = services.holder.current;
    expect(model.stored.hasCustomerRows).toBe(true);
    for (const customerId of model.customers.ids) expectSameRow(customerId);
  });

  it("keeps a returned product's negative sum, so a later purchase of it is weighed exactly", () => {
    const model = services.holder.current;
    const idx = model.products.indexOf(returned)!;
    expect(summed(customerRow(store, model, buyer)).get(idx)).toBeLessThan(0); // the return outweighs the order
    expect(store.models.customerRow(model.id, buyer)!.items).toContain(idx);
    services.interactions.recordInteraction({ customerId: buyer, productId: returned, type: "purchase", quantity: 5 });
    expectSameRow(buyer);
  });

  it("stays exact after live interactions move recency's reference time forward", () => {
    const later = services.holder.current.dataEnd! + 90 * DAY;
    services.interactions.recordInteraction({ customerId: buyer, productId: undated, type: "view", occurredAt: new Date(later) }, later);
    services.interactions.recordInteraction({ customerId: "newcomer", productId: returned, type: "cart" });
    services.interactions.recordInteraction({ customerId: "newcomer", productId: undated, type: "purchase", quantity: 2 });
    for (const customerId of [buyer, "newcomer"]) expectSameRow(customerId);
  });

  it("gives the mutation the vector an exact solve of the whole history gives", () => {
    const model = services.holder.current;
    const history = fromHistory(model);
    for (const customerId of [buyer, "newcomer"]) {
      const { items, weights } = customerRow(store, history, customerId);
      const expected = foldIn(items, weights, model.productFactors, model.foldInGram(), model.k, model.trainedCount, model.params);
      Array.from(model.customerVector(customerId)!).forEach((v, f) => expect(v).toBeCloseTo(expected[f], 5));
    }
  });
});
