import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Product, Recommendation } from "../../web/src/generated/schema";
import { type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const RECS = `query ($id: ID, $context: SessionContext, $k: Int) {
  recommendations(customerId: $id, context: $context, k: $k) { product { id category } score source }
}`;
type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id" | "category"> })[] };

describe("anonymous visits", () => {
  it("rank by the products viewed in this visit, and never recommend them back", async () => {
    const books = shop.products.filter((p) => p.category === "Books").map((p) => p.product_id);
    const viewed = books.slice(0, 3);
    const { recommendations } = await h.data<Recs>(RECS, { context: { viewedProductIds: viewed }, k: 10 });
    expect(recommendations.map((r) => r.source)).toEqual(Array(10).fill("SESSION"));
    for (const r of recommendations) expect(viewed).not.toContain(r.product.id);
    // Book viewers get more books than the catalogue's share of books (1 in 10).
    expect(recommendations.filter((r) => r.product.category === "Books").length).toBeGreaterThanOrEqual(3);
  });

  it("known only by browsing figures, get the cluster that browses most like them", async () => {
    const clusters = h.store.segments.clusters(h.store.models.latestId()!);
    const busiest = [...clusters].sort((a, b) => b.browsing.logPageViews! - a.browsing.logPageViews!)[0];
    const { recommendations } = await h.data<Recs>(RECS, { context: { pageViews: 5000, timeSpent: 50000 }, k: 3 });
    expect(recommendations.map((r) => r.source)).toEqual(["CLUSTER", "CLUSTER", "CLUSTER"]);
    expect(recommendations.map((r) => r.product.id)).toEqual(busiest.topProducts.slice(0, 3));
  });

  it("with nothing known, get popular products", async () => {
    const { recommendations } = await h.data<Recs>(RECS, { context: {}, k: 3 });
    expect(recommendations.map((r) => r.source)).toEqual(["POPULAR", "POPULAR", "POPULAR"]);
  });

  it("with no arguments at all, are the anonymous home page: the best sellers", async () => {
    const none = await h.data<Recs>(`{ recommendations { product { id category } score source } }`);
    const empty = await h.data<Recs>(RECS, { context: {} });
    expect(none.recommendations).toHaveLength(10);
    expect(none.recommendations.every((r) => r.source === "POPULAR")).toBe(true);
    expect(none.recommendations).toEqual(empty.recommendations);
  });

  it("with a customer id the service has never seen, are served by the visit's context", async () => {
    const books = shop.products.filter((p) => p.category === "Books").map((p) => p.product_id);
    const asVisitor = await h.data<Recs>(RECS, { context: { viewedProductIds: books.slice(0, 2) }, k: 5 });
    const asStranger = await h.data<Recs>(RECS, { id: "signed-in-yesterday", context: { viewedProductIds: books.slice(0, 2) }, k: 5 });
    expect(asStranger.recommendations.map((r) => r.source)).toEqual(Array(5).fill("SESSION"));
    expect(asStranger.recommendations).toEqual(asVisitor.recommendations);
    const bare = await h.data<Recs>(RECS, { id: "signed-in-yesterday", k: 5 });
    expect(bare.recommendations.map((r) => r.source)).toEqual(Array(5).fill("POPULAR"));
    // Asking changed nothing: the stranger is still unknown.
    expect(h.store.customers.exists("signed-in-yesterday")).toBe(false);
  });

  it("refuses more than 100 viewed products or negative figures", async () => {
    const many = Array.from({ length: 101 }, () => "1001");
    expect((await h.run(RECS, { context: { viewedProductIds: many } })).errors![0].message).toMatch(/at most 100/);
    expect((await h.run(RECS, { context: { timeSpent: -1 } })).errors![0].message).toMatch(/context.timeSpent must be zero or more/);
  });
});

describe("a known customer with a session", () => {
  it("gets a list that takes this visit's views into account", async () => {
    const customer = shop.purchases[0].customer_id;
    const plain = (await h.data<Recs>(RECS, { id: customer, k: 10 })).recommendations;
    const viewed = plain.slice(0, 2).map((r) => r.product.id);
    expect(viewed).toHaveLength(2);
    const withViews = (await h.data<Recs>(RECS, { id: customer, context: { viewedProductIds: viewed }, k: 10 })).recommendations;
    expect(withViews[0].source).toBe("PERSONALIZED");
    for (const r of withViews) expect(viewed).not.toContain(r.product.id);
    // Not just the old list without the viewed two: the views moved the customer's vector, so scores changed.
    const before = new Map(plain.map((r) => [r.product.id, r.score]));
    const shared = withViews.filter((r) => before.has(r.product.id));
    expect(shared.length).toBeGreaterThan(0);
    for (const r of shared) expect(Math.abs(r.score - before.get(r.product.id)!)).toBeGreaterThan(1e-6);
  });
});
