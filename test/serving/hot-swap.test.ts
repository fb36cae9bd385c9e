import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldIn } from "../../src/model/fold-in";
import { createServices, type Services } from "../../src/serving";
import { customerRow } from "../../src/serving/customer-row";
import { trainFromStore } from "../../src/training/training.service";
import { Store } from "../../src/store";
import { FAST_TRAINING, trainedModelFile } from "../helpers/trained-store";

let serving: Store;
let trainer: Store;
let services: Services;

beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  serving = Store.open(dbPath);
  trainer = Store.open(dbPath); // a separate connection, as a training process would have
  services = createServices(serving);
});
afterAll(() => {
  serving.close();
  trainer.close();
});

describe("model hot swap", () => {
  it("switches to a newer version without a restart and re-applies what was recorded after its data cut", () => {
    expect(services.refreshModel()).toBeNull(); // nothing newer yet
    services.interactions.recordInteraction({ customerId: "early", productId: "1001", type: "purchase" });
    const { modelId } = trainFromStore(trainer, { ...FAST_TRAINING, iterations: 3 }); // includes "early"
    // Recorded after the new version's data was cut, by another writer (say, a second server process):
    // the new version has no vector for "late" yet.
    trainer.transaction(() => {
      trainer.customers.ensure("late");
      trainer.interactions.insert(
        {
          customerId: "late",
          productId: "1002",
          type: "purchase",
          quantity: 1,
          unitPrice: 5,
          occurredAt: Date.now(),
          basketId: null,
          weight: null,
        },
        "live",
      );
    });
    expect(trainer.models.load(modelId)!.customers.indexOf("late")).toBeUndefined();
    expect(services.holder.current.id).toBe(modelId - 1);

    const heard: unknown[] = [];
    services.onModelSwap((s) => heard.push(s));
    const swap = services.refreshModel();
    expect(swap).toEqual({ from: modelId - 1, to: modelId, replayedCustomers: 1 });
    expect(heard).toEqual([swap]);
    const model = services.holder.current;
    expect(model.id).toBe(modelId);
    expect(services.modelInfo.describe().version).toBe(modelId);

    // "late" is in the new version, folded in exactly against its factors, and stored there.
    const { items, weights } = customerRow(serving, model, "late");
    const expected = foldIn(items, weights, model.productFactors, model.foldInGram(), model.k, model.trainedCount, model.params);
    Array.from(model.customerVector("late")!).forEach((v, f) => expect(v).toBeCloseTo(expected[f], 5));
    expect(serving.models.load(modelId)!.customers.indexOf("late")).toBeDefined();
    expect(serving.segments.rfm(modelId, "late")).toBeDefined();
    const after = services.recommendations.recommend("late", 5).items;
    expect(after[0].source).toBe("personalized");
    expect(after.map((r) => r.product.id)).not.toContain("1002");
  });

  it("refuses an interaction type it does not know, storing nothing", () => {
    expect(() => services.interactions.recordInteraction({ customerId: "x", productId: "1001", type: "LIKE" as never })).toThrow(
      /type must be one of view, cart, purchase, got LIKE/,
    );
    expect(serving.customers.exists("x")).toBe(false);
  });

  it("keeps serving, and writing, through two more retrains (older versions are deleted)", () => {
    trainFromStore(trainer, { ...FAST_TRAINING, iterations: 2 });
    trainFromStore(trainer, { ...FAST_TRAINING, iterations: 2 });
    // No explicit refresh: the next request notices the newer version itself.
    const recorded = services.interactions.recordInteraction({ customerId: "after-retrains", productId: "1003", type: "view" });
    expect(recorded.replayed).toBe(false);
    expect(services.recommendations.recommend("after-retrains", 3).items[0].source).toBe("personalized");
  });
});
