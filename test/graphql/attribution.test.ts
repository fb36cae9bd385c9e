import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Recommendation } from "../../web/src/generated/schema";

let h: ReturnType<typeof graphqlHarness>;
let customer: string;
beforeAll(async () => {
  let shop: Awaited<ReturnType<typeof openShopHarness>>["shop"];
  ({ h, shop } = await openShopHarness());
  customer = shop.purchases.at(-1)!.customer_id;
});
afterAll(() => h.close());

type Served = {
  recommendations: (Pick<Recommendation, "source"> & {
    product: { id: string; price: number };
    recommendationId: string;
    position: number;
  })[];
};
const RECS = `query ($id: ID, $k: Int, $offset: Int, $placement: String) {
  recommendations(customerId: $id, k: $k, offset: $offset, placement: $placement) { product { id price } source recommendationId position }
}`;
const RECORD = `mutation ($input: InteractionInput!) { recordInteraction(input: $input) { id } }`;
const PERFORMANCE = `query ($from: DateTimeISO, $to: DateTimeISO) {
  recommendationPerformance(from: $from, to: $to) { placement source impressions views carts purchases revenue }
}`;
type Performance = {
  recommendationPerformance: {
    placement: string;
    source: string;
    impressions: number;
    views: number;
    carts: number;
    purchases: number;
    revenue: number;
  }[];
};

describe("attribution", () => {
  it("gives every list one id and every item its place in the ranking", async () => {
    const first = (await h.data<Served>(RECS, { id: customer, k: 5 })).recommendations;
    const second = (await h.data<Served>(RECS, { id: customer, k: 5, offset: 5 })).recommendations;
    expect(first.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(second.map((r) => r.position)).toEqual([6, 7, 8, 9, 10]);
    expect(new Set(first.map((r) => r.recommendationId)).size).toBe(1);
    expect(first[0].recommendationId).not.toBe(second[0].recommendationId);
  });

  it("counts, per placement and source, what was shown and what the interactions naming a list did with it", async () => {
    const from = new Date().toISOString();
    const home = (await h.data<Served>(RECS, { id: customer, k: 4, placement: "home" })).recommendations;
    const cart = (await h.data<Served>(RECS, { k: 3, placement: "cart" })).recommendations;
    const [a, b] = home;
    const input = (productId: string, type: string, extra = {}) => ({
      input: { customerId: customer, productId, type, recommendationId: a.recommendationId, ...extra },
    });
    await h.data(RECORD, input(a.product.id, "VIEW"));
    await h.data(RECORD, input(a.product.id, "ADD_TO_CART"));
    await h.data(RECORD, input(b.product.id, "PURCHASE", { quantity: 2, price: 10 }));
    // A product the list did not show earns it nothing; nor does an interaction naming no list.
    const notShown = cart.find((r) => !home.some((x) => x.product.id === r.product.id))!.product.id;
    await h.data(RECORD, input(notShown, "PURCHASE"));
    await h.data(RECORD, { input: { customerId: customer, productId: a.product.id, type: "PURCHASE" } });

    const { recommendationPerformance } = await h.data<Performance>(PERFORMANCE, { from });
    const row = (placement: string, source: string) =>
      recommendationPerformance.find((r) => r.placement === placement && r.source === source);
    expect(new Set(home.map((r) => r.source)).size).toBe(1);
    expect(row("home", home[0].source)).toEqual({
      placement: "home",
      source: home[0].source,
      impressions: 4,
      views: 1,
      carts: 1,
      purchases: 1,
      revenue: 20,
    });
    expect(row("cart", "POPULAR")).toMatchObject({ impressions: 3, views: 0, carts: 0, purchases: 0, revenue: 0 });
    expect(recommendationPerformance.reduce((s, r) => s + r.impressions, 0)).toBe(7);
  });

  it("keeps what waits in memory bounded: lists are written as they pile up, without being asked", async () => {
    const count = () => (h.store.db.prepare("SELECT COUNT(*) AS n FROM recommendation_lists").get() as { n: number }).n;
    h.services.attribution.flush();
    const before = count();
    for (let i = 0; i < 6000; i++) h.services.recommendations.recommend(null, 1);
    expect(count() - before).toBeGreaterThanOrEqual(5000);
    h.services.attribution.flush();
    expect(count() - before).toBe(6000);
  });

  it.each([
    [RECS, { k: 2, placement: " " }, "placement must be 1 to 64 characters"],
    [RECS, { k: 2, placement: "x".repeat(65) }, "placement must be 1 to 64 characters"],
    [
      RECORD,
      { input: { customerId: "c-attr", productId: "1001", type: "VIEW", recommendationId: "r".repeat(65) } },
      "recommendationId must be 1 to 64",
    ],
    [PERFORMANCE, { from: "2025-02-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "from must be before to"],
    [PERFORMANCE, { from: "2020-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "at most 366 days"],
  ])("refuses bad input with BAD_USER_INPUT and stores nothing (%#)", async (query, variables, message) => {
    const interactions = h.store.interactions.count();
    const result = await h.run(query, variables);
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toContain(message);
    expect(h.store.interactions.count()).toBe(interactions);
  });
});
