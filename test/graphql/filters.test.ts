import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Product, Recommendation, SimilarProduct } from "../../web/src/generated/schema";
import { type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];
let heavy: string;

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
  const counts = new Map<string, number>();
  for (const p of shop.purchases) counts.set(p.customer_id, (counts.get(p.customer_id) ?? 0) + 1);
  heavy = [...counts].sort((a, b) => b[1] - a[1])[0][0];
});
afterAll(() => h.close());

const RECS = `query ($id: ID!, $k: Int, $filter: ProductFilter, $offset: Int, $includePurchased: Boolean) {
  recommendations(customerId: $id, k: $k, filter: $filter, offset: $offset, includePurchased: $includePurchased) {
    product { id category price } score source
  }
}`;
const SIMILAR = `query ($id: ID!, $k: Int, $filter: ProductFilter, $offset: Int) {
  similarProducts(productId: $id, k: $k, filter: $filter, offset: $offset) { product { id category price } similarity }
}`;

type Picked = Pick<Product, "id" | "category" | "price">;
type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Picked })[] };
type Similar = { similarProducts: (Pick<SimilarProduct, "similarity"> & { product: Picked })[] };

const ids = (list: readonly { product: { id: string } }[]) => list.map((r) => r.product.id);
const bought = () => new Set(shop.purchases.filter((p) => p.customer_id === heavy).map((p) => p.product_id));

describe("filters", () => {
  it("keep only the categories asked for (any case)", async () => {
    // A customer with a handful of purchases, so that these categories still hold products they have not bought.
    const counts = new Map<string, number>();
    for (const p of shop.purchases) counts.set(p.customer_id, (counts.get(p.customer_id) ?? 0) + 1);
    const moderate = [...counts].find(([, n]) => n >= 5 && n <= 8)![0];
    const { recommendations } = await h.data<Recs>(RECS, { id: moderate, k: 8, filter: { categories: ["books", "Garden"] } });
    expect(recommendations).toHaveLength(8);
    for (const r of recommendations) expect(["Books", "Garden"]).toContain(r.product.category);
  });

  it("keep prices within the range and leave out excluded products", async () => {
    const top = ids((await h.data<Recs>(RECS, { id: heavy, k: 3 })).recommendations);
    expect(top).toHaveLength(3);
    const { recommendations } = await h.data<Recs>(RECS, {
      id: heavy,
      k: 10,
      filter: { minPrice: 20, maxPrice: 60, excludeProductIds: top },
    });
    expect(recommendations.length).toBeGreaterThan(0);
    for (const r of recommendations) {
      expect(r.product.price).toBeGreaterThanOrEqual(20);
      expect(r.product.price).toBeLessThanOrEqual(60);
      expect(top).not.toContain(r.product.id);
    }
  });

  it("leave out bought products unless includePurchased is set", async () => {
    const mine = bought();
    expect(mine.size).toBeGreaterThan(0);
    const without = (await h.data<Recs>(RECS, { id: heavy, k: 50 })).recommendations;
    expect(without).toHaveLength(Math.min(50, shop.products.length - mine.size));
    expect(without.some((r) => mine.has(r.product.id))).toBe(false);
    const withBought = (await h.data<Recs>(RECS, { id: heavy, k: 50, includePurchased: true })).recommendations;
    expect(withBought).toHaveLength(50);
    expect(withBought.some((r) => mine.has(r.product.id))).toBe(true);
  });

  it("apply to similar products too", async () => {
    const { similarProducts } = await h.data<Similar>(SIMILAR, { id: "1001", k: 5, filter: { categories: ["Books"] } });
    expect(similarProducts.length).toBeGreaterThan(0);
    for (const s of similarProducts) expect(s.product.category).toBe("Books");
  });

  it.each([
    [{ minPrice: -1 }, /minPrice must be zero or more/],
    [{ minPrice: 50, maxPrice: 10 }, /minPrice \(50\) is above maxPrice \(10\)/],
    [{ categories: [] }, /categories must list 1 to 1000/],
  ])("refuse %o with BAD_USER_INPUT", async (filter, message) => {
    const result = await h.run(RECS, { id: heavy, filter });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(message);
  });
});

describe("paging", () => {
  it("splits one ranking into pages that never repeat a product", async () => {
    const all = ids((await h.data<Recs>(RECS, { id: heavy, k: 30 })).recommendations);
    const pages: string[] = [];
    for (let page = 0; page < 3; page++)
      pages.push(...ids((await h.data<Recs>(RECS, { id: heavy, k: 10, offset: page * 10 })).recommendations));
    expect(pages).toEqual(all);
    expect(new Set(pages).size).toBe(30);
  });

  it("continues into popular products past the personal ones, still without repeats", async () => {
    const filter = { categories: ["Books"] };
    const first = (await h.data<Recs>(RECS, { id: heavy, k: 20, filter })).recommendations;
    const second = (await h.data<Recs>(RECS, { id: heavy, k: 20, filter, offset: 20 })).recommendations;
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(first.length + second.length);
    // The heaviest buyer has bought every book in the small shop, so those pages are empty:
    const books = shop.products.filter((p) => p.category === "Books").map((p) => p.product_id);
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((b) => bought().has(b))).toBe(true);
    expect([...first, ...second]).toEqual([]);
    // so page through the books of a customer (with a vector of their own) who has bought at most one.
    const reader = [...new Set(shop.purchases.map((p) => p.customer_id))].find((c) => {
      const own = new Set(shop.purchases.filter((p) => p.customer_id === c).map((p) => p.product_id));
      return own.size >= 3 && books.filter((b) => own.has(b)).length <= 1;
    })!;
    expect(reader).toBeDefined();
    const readerBought = new Set(shop.purchases.filter((p) => p.customer_id === reader).map((p) => p.product_id));
    const toBuy = books.filter((b) => !readerBought.has(b));
    const page1 = (await h.data<Recs>(RECS, { id: reader, k: 4, filter })).recommendations;
    const page2 = (await h.data<Recs>(RECS, { id: reader, k: 4, filter, offset: 4 })).recommendations;
    expect(page1).toHaveLength(4);
    expect(page2).toHaveLength(Math.min(4, toBuy.length - 4));
    expect(page2.length).toBeGreaterThan(0);
    expect(new Set([...ids(page1), ...ids(page2)]).size).toBe(page1.length + page2.length);
    // Two pages of four hold all seven or eight books still to buy, once each.
    expect([...ids(page1), ...ids(page2)].sort()).toEqual([...toBuy].sort());
  });

  it("pages similar products", async () => {
    const all = (await h.data<Similar>(SIMILAR, { id: "1001", k: 10 })).similarProducts;
    const second = (await h.data<Similar>(SIMILAR, { id: "1001", k: 5, offset: 5 })).similarProducts;
    expect(second).toHaveLength(5);
    expect(ids(second)).toEqual(ids(all).slice(5));
  });

  it("refuses a negative or too large offset", async () => {
    expect(h.errorCode(await h.run(RECS, { id: heavy, offset: -1 }))).toBe("BAD_USER_INPUT");
    expect((await h.run(RECS, { id: heavy, offset: 5000 })).errors![0].message).toMatch(/offset must be an integer from 0 to 1000/);
  });
});
