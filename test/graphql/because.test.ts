import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Product, Recommendation } from "../../web/src/generated/schema";
import { SMALL_SHOP, type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const RECS = `query ($id: ID!, $n: Int) {
  recommendations(customerId: $id, k: 5) { product { id category } source because(k: $n) { id category } }
}`;
const CONTEXT_RECS = `query ($id: ID, $context: SessionContext, $n: Int) {
  recommendations(customerId: $id, context: $context, k: 5) { product { id category } source because(k: $n) { id category } }
}`;
type Picked = Pick<Product, "id" | "category">;
type Recs = { recommendations: (Pick<Recommendation, "source"> & { product: Picked; because: Picked[] })[] };

describe("because", () => {
  it("names the customer's own products behind each personalized recommendation", async () => {
    const customer = shop.purchases[0].customer_id;
    const mine = new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
    const { recommendations } = await h.data<Recs>(RECS, { id: customer, n: 2 });
    expect(recommendations).toHaveLength(5);
    expect(recommendations[0].source).toBe("PERSONALIZED");
    for (const r of recommendations) {
      expect(r.because.length).toBeGreaterThan(0);
      expect(r.because.length).toBeLessThanOrEqual(2);
      for (const p of r.because) expect(mine.has(p.id)).toBe(true);
    }
  });

  it("follows a purchase recorded a moment ago", async () => {
    await h.data(`mutation { recordInteraction(input: { customerId: "explained", productId: "1001", type: PURCHASE }) { id } }`);
    const { recommendations } = await h.data<Recs>(RECS, { id: "explained", n: 3 });
    expect(recommendations[0].because.map((p) => p.id)).toEqual(["1001"]);
  });

  it("is empty for popular products", async () => {
    const { recommendations } = await h.data<Recs>(RECS, { id: String(SMALL_SHOP.customers) });
    expect(recommendations).toHaveLength(5);
    expect(recommendations[0].source).toBe("POPULAR");
    expect(recommendations.every((r) => r.because.length === 0)).toBe(true);
  });

  it("names the viewed products behind an anonymous visit's session recommendations", async () => {
    const viewed = shop.products
      .filter((p) => p.category === "Books")
      .map((p) => p.product_id)
      .slice(0, 3);
    const { recommendations } = await h.data<Recs>(CONTEXT_RECS, { context: { viewedProductIds: viewed }, n: 3 });
    expect(recommendations).toHaveLength(5);
    for (const r of recommendations) {
      expect(r.source).toBe("SESSION");
      expect(r.because.length).toBeGreaterThan(0);
      for (const p of r.because) expect(viewed).toContain(p.id);
    }
  });

  it("names products of the customer's history or of this visit when a known customer passes a context", async () => {
    const customer = shop.purchases[0].customer_id;
    const mine = new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
    const viewed = shop.products
      .map((p) => p.product_id)
      .filter((id) => !mine.has(id))
      .slice(0, 2);
    const { recommendations } = await h.data<Recs>(CONTEXT_RECS, { id: customer, context: { viewedProductIds: viewed }, n: 10 });
    expect(recommendations).toHaveLength(5);
    for (const r of recommendations) {
      expect(r.source).toBe("PERSONALIZED");
      expect(r.because.length).toBeGreaterThan(0);
      for (const p of r.because) expect(mine.has(p.id) || viewed.includes(p.id)).toBe(true);
    }
  });

  it("is empty for a cluster's products", async () => {
    const { recommendations } = await h.data<Recs>(CONTEXT_RECS, { context: { pageViews: 5000, timeSpent: 50000 }, n: 3 });
    expect(recommendations[0].source).toBe("CLUSTER");
    for (const r of recommendations.filter((x) => x.source === "CLUSTER")) expect(r.because).toEqual([]);
  });

  it("refuses k outside 1..10", async () => {
    const result = await h.run(RECS, { id: shop.purchases[0].customer_id, n: 11 });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/k must be an integer from 1 to 10/);
  });
});
