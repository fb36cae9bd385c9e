import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import { type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const CLUSTER_FIELDS =
  "id label size revenue revenueShare averageOrderValue averageRecencyDays averageFrequency topCategories { category share } topProducts { id }";
const SEGMENTS = `{ segments {
  rfm { label action customers revenue revenueShare averageOrderValue averageRecencyDays topCategories { category share } }
  clusters { ${CLUSTER_FIELDS} }
} }`;

function distinctProducts(customer: string): Set<string> {
  return new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
}

describe("segments", () => {
  it("sums to every customer with purchases, across RFM segments and across clusters", async () => {
    const { segments } = await h.data(SEGMENTS);
    const buyers = new Set(shop.purchases.map((p) => p.customer_id)).size;
    expect(segments.rfm.reduce((s: number, g: any) => s + g.customers, 0)).toBe(buyers);
    expect(segments.clusters.reduce((s: number, c: any) => s + c.size, 0)).toBe(buyers);
    expect(segments.rfm.reduce((s: number, g: any) => s + g.revenueShare, 0)).toBeCloseTo(1, 6);
    expect(segments.clusters.reduce((s: number, c: any) => s + c.revenueShare, 0)).toBeCloseTo(1, 6);
    const revenues = segments.rfm.map((g: any) => g.revenue);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    for (const g of segments.rfm) {
      expect(g.action.length).toBeGreaterThan(10);
      expect(g.topCategories.reduce((s: number, c: any) => s + c.share, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("describes each cluster by figures that match its members", async () => {
    const { segments } = await h.data(SEGMENTS);
    expect(segments.clusters.length).toBeGreaterThanOrEqual(2);
    for (const c of segments.clusters) {
      expect(c.label).toMatch(/buyers/);
      expect(c.topProducts.length).toBeGreaterThan(0);
      expect(c.averageOrderValue).toBeGreaterThan(0);
    }
    // Clusters differ in what they are about: the highest-revenue one has the highest frequency.
    const byRevenue = [...segments.clusters].sort((a: any, b: any) => b.revenue / b.size - a.revenue / a.size);
    expect(byRevenue[0].averageFrequency).toBeGreaterThan(byRevenue.at(-1).averageFrequency);
  });
});

describe("segment(customerId)", () => {
  it("returns the customer's RFM and cluster", async () => {
    const customer = shop.purchases[0].customer_id;
    const { segment } = await h.data(`query ($id: ID!) { segment(customerId: $id) { rfm { label } cluster { ${CLUSTER_FIELDS} } } }`, {
      id: customer,
    });
    expect(segment.rfm.label).toMatch(/\w/);
    expect(segment.cluster).toMatchObject({ id: expect.any(Number), label: expect.stringMatching(/buyers/), size: expect.any(Number) });
  });
});

describe("recommendations for customers with little history", () => {
  it("come from their cluster's top products, without what they bought", async () => {
    const counts = new Map<string, number>();
    for (const p of shop.purchases) counts.set(p.customer_id, distinctProducts(p.customer_id).size);
    const customer = [...counts].find(([, n]) => n < 3)![0];
    const { segment } = await h.data(`query ($id: ID!) { segment(customerId: $id) { cluster { id } } }`, { id: customer });
    const { recommendations } = await h.data(`query ($id: ID!) { recommendations(customerId: $id, k: 5) { product { id } source } }`, {
      id: customer,
    });
    expect(recommendations.map((r: any) => r.source)).toEqual(Array(5).fill("CLUSTER"));
    const bought = distinctProducts(customer);
    for (const r of recommendations) expect(bought.has(r.product.id)).toBe(false);
    const clusterTop = h.store.models.clusters(h.store.models.latestId()!).find((c) => c.clusterId === segment.cluster.id)!.topProducts;
    expect(recommendations.map((r: any) => r.product.id)).toEqual(clusterTop.filter((id) => !bought.has(id)).slice(0, 5));
  });

  it("come from their own vector once they do something after training", async () => {
    const counts = new Map<string, number>();
    for (const p of shop.purchases) counts.set(p.customer_id, distinctProducts(p.customer_id).size);
    const customer = [...counts].filter(([, n]) => n < 3)[1][0];
    const query = `query ($id: ID!) { recommendations(customerId: $id, k: 5) { product { id } source } }`;
    expect((await h.data(query, { id: customer })).recommendations[0].source).toBe("CLUSTER");
    const viewed = shop.products.find((p) => !distinctProducts(customer).has(p.product_id))!.product_id;
    await h.data(`mutation ($id: ID!, $p: ID!) { recordInteraction(input: { customerId: $id, productId: $p, type: VIEW }) { id } }`, {
      id: customer,
      p: viewed,
    });
    const { recommendations } = await h.data(query, { id: customer });
    expect(recommendations.map((r: any) => r.source)).toEqual(Array(5).fill("PERSONALIZED"));
  });
});
