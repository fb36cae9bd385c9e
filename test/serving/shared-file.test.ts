/**
 * Several server processes on one model file (src/workers.ts), as two sets of services over two
 * connections in this process: what one writes, the other serves at its next request, exactly as the
 * writer serves it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServices, type Services } from "../../src/serving";
import { trainFromStore } from "../../src/training/training.service";
import { Store } from "../../src/store";
import { FAST_TRAINING, trainedModelFile } from "../helpers/trained-store";

let stores: Store[];
/** Two server processes on one file. */
let a: Services;
let b: Services;
/** A training run's connection. */
let trainer: Store;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  const trained = await trainedModelFile();
  shop = trained.shop;
  stores = [Store.open(trained.dbPath), Store.open(trained.dbPath), Store.open(trained.dbPath)];
  [a, b] = [createServices(stores[0]), createServices(stores[1])];
  trainer = stores[2];
});
afterAll(() => stores.forEach((s) => s.close()));

/** What a list shows, without the list's own id. */
const shown = (services: Services, customerId: string) =>
  services.recommendations.recommend(customerId, 10).items.map((r) => ({ id: r.product.id, score: r.score, source: r.source }));

const purchase = (services: Services, customerId: string, productId: string) =>
  services.interactions.recordInteraction({ customerId, productId, type: "purchase" });

/** A trained customer served a personal list, and a product of another category than their top pick's. */
function personalCustomer(index: number): { customerId: string; unlike: string } {
  const customerId = a.holder.current.customers.ids
    .slice(index)
    .find((id) => a.recommendations.recommend(id, 10).items[0].source === "personalized")!;
  const top = a.recommendations.recommend(customerId, 1).items[0].product;
  const unlike = shop.products.find((p) => p.category !== top.category)!.product_id;
  return { customerId, unlike };
}

describe("two processes serving one model file", () => {
  it("serve a purchase recorded by one at the other's next request, exactly as the writer serves it", () => {
    const { customerId, unlike } = personalCustomer(0);
    const before = shown(b, customerId);
    expect(before).toEqual(shown(a, customerId));
    purchase(a, customerId, unlike);
    const writer = shown(a, customerId);
    expect(writer).not.toEqual(before);
    expect(shown(b, customerId)).toEqual(writer);
  });

  it("serve a customer first seen by one the same personal list in the other", () => {
    const books = shop.products.filter((p) => p.category === "Books").slice(0, 3);
    expect(books).toHaveLength(3);
    for (const p of books) purchase(a, "newcomer", p.product_id);
    const writer = shown(a, "newcomer");
    expect(writer[0].source).toBe("personalized");
    expect(shown(b, "newcomer")).toEqual(writer);
  });

  it("fold one's writes on top of the other's, whichever wrote last", () => {
    const { customerId, unlike } = personalCustomer(40);
    a.interactions.recordInteraction({ customerId, productId: unlike, type: "view" });
    expect(shown(b, customerId)).toEqual(shown(a, customerId));
    const afterView = shown(a, customerId);
    purchase(b, customerId, shop.products[5].product_id);
    const writer = shown(b, customerId);
    expect(writer).not.toEqual(afterView);
    expect(shown(a, customerId)).toEqual(writer);
  });

  it("serve re-scored segments from a purchase recorded by the other", () => {
    const { customerId, unlike } = personalCustomer(80);
    const before = b.segments.segment(customerId).rfm!;
    const summary = b.segments.all();
    purchase(a, customerId, unlike);
    const after = b.segments.segment(customerId).rfm!;
    expect(after.frequency).toBe(before.frequency + 1);
    expect(after).toEqual(a.segments.segment(customerId).rfm);
    expect(b.segments.all()).not.toEqual(summary);
    expect(b.segments.all()).toEqual(a.segments.all());
  });

  it("take out a product one made unavailable from the other's lists at once", () => {
    const { customerId } = personalCustomer(120);
    const top = shown(b, customerId)[0].id;
    a.catalog.upsertProducts([{ id: top, available: false }]);
    const served = shown(b, customerId);
    expect(served.map((r) => r.id)).not.toContain(top);
    expect(served).toEqual(shown(a, customerId));
    a.catalog.upsertProducts([{ id: top, available: true }]);
    expect(shown(b, customerId)[0].id).toBe(top);
  });

  it("both switch to a newly trained version, and serve what is recorded after it alike", () => {
    const { modelId } = trainFromStore(trainer, { ...FAST_TRAINING, iterations: 2 });
    const { customerId, unlike } = personalCustomer(160);
    purchase(a, customerId, unlike);
    expect(a.holder.current.id).toBe(modelId);
    expect(shown(b, customerId)).toEqual(shown(a, customerId));
    expect(b.holder.current.id).toBe(modelId);
  });

  it("write into the newest version when a training commits between a write's look at the file and its transaction", () => {
    const stale = a.holder.latest();
    const { modelId } = trainFromStore(trainer, { ...FAST_TRAINING, iterations: 2 });
    const { customerId, unlike } = personalCustomer(200);
    expect(b.holder.latest().id).toBe(modelId); // the other process switched first
    const look = vi.spyOn(a.holder, "latest").mockReturnValueOnce(stale);
    try {
      purchase(a, customerId, unlike);
      expect(look).toHaveBeenCalledTimes(2); // the write found its version stale and started again
    } finally {
      look.mockRestore();
    }
    expect(stores[0].models.customerVector(modelId, customerId, stale.k)).toEqual(a.holder.current.customerVector(customerId));
    expect(shown(b, customerId)).toEqual(shown(a, customerId));
  });
});
