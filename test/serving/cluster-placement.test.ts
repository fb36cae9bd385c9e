import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, type Services } from "../../src/serving";
import { type ClusterPlacement, placeCustomer } from "../../src/model/behaviour-clusters";
import { Store } from "../../src/store";
import { trainedModelFile } from "../helpers/trained-store";

let store: Store;
let services: Services;
let placement: ClusterPlacement;

beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  store = Store.open(dbPath);
  services = createServices(store);
  placement = services.holder.current.stored.stats.clusterPlacement!;
});
afterAll(() => store.close());

/** A customer's clustering figures, gathered here independently of the service. */
function figuresOf(modelId: number, customerId: string) {
  const rfm = store.segments.rfm(modelId, customerId)!;
  const categories = store.catalog.categories();
  const categoryCounts = placement.categories.map(
    (c) => store.interactions.purchasedProducts(customerId).filter((p) => categories.get(p) === c).length,
  );
  const activity = store.customers.activityOf(customerId)!;
  return { ...rfm, ...activity, categoryCounts };
}

describe("placing a customer into the trained behaviour clusters", () => {
  it("puts every trained customer, from their stored figures, where training put them", () => {
    const model = services.holder.current;
    const members = store.db
      .prepare("SELECT customer_id AS customerId, cluster_id AS clusterId FROM customer_clusters WHERE model_id = ?")
      .all(model.id) as { customerId: string; clusterId: number }[];
    expect(members.length).toBeGreaterThan(300);
    expect(new Set(members.map((m) => m.clusterId)).size).toBe(placement.clusterIds.length);
    const misplaced = members.filter((m) => placeCustomer(placement, figuresOf(model.id, m.customerId)) !== m.clusterId);
    expect(misplaced).toEqual([]);
  });

  it("gives a customer created by a live purchase a cluster at once, and keeps it current", () => {
    const model = services.holder.current;
    expect(services.segments.segment("42").cluster).not.toBeNull();
    const products = model.productRecords.slice(0, 6).map((p) => p.id);
    services.interactions.recordInteraction({ customerId: "walk-in", productId: products[0], type: "purchase" });
    const first = services.segments.segment("walk-in").cluster;
    expect(first).not.toBeNull();
    expect(first!.id).toBe(placeCustomer(placement, figuresOf(model.id, "walk-in")));
    // Each purchase places the customer again from their figures as they now are.
    const other = placement.clusterIds.find((c) => c !== first!.id)!;
    store.segments.saveCluster(model.id, "walk-in", other);
    for (const [day, productId] of products.entries()) {
      const occurredAt = new Date(Date.now() - day * 86_400_000);
      services.interactions.recordInteraction({ customerId: "walk-in", productId, type: "purchase", quantity: 20, occurredAt });
    }
    expect(services.segments.segment("walk-in").cluster!.id).toBe(placeCustomer(placement, figuresOf(model.id, "walk-in")));
  });
});
