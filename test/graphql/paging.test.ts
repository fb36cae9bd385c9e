import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { PageInfo } from "../../web/src/generated/schema";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof openShopHarness>>["shop"];
let customer: string;

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
  customer = shop.purchases[0].customer_id;
});
afterAll(() => h.close());

type Page<T> = { items: T[]; pageInfo: PageInfo };
type Id = { product: { id: string } };

/** Follows nextOffset from the first page to the last (at most 200 pages), collecting the items. */
async function walk<T>(read: (offset: number) => Promise<Page<T>>): Promise<{ items: T[]; pages: Page<T>[] }> {
  const pages: Page<T>[] = [];
  let offset = 0;
  for (let i = 0; i < 200; i++) {
    const page = await read(offset);
    pages.push(page);
    expect(page.pageInfo.offset).toBe(offset);
    if (!page.pageInfo.hasMore) {
      expect(page.pageInfo.nextOffset).toBeNull();
      return { items: pages.flatMap((p) => p.items), pages };
    }
    expect(page.items).toHaveLength(page.pageInfo.k);
    expect(page.pageInfo.nextOffset).toBe(offset + page.pageInfo.k);
    offset = page.pageInfo.nextOffset!;
  }
  throw new Error("the pages never ended");
}

const RECS_PAGE = `query ($id: ID, $k: Int, $offset: Int) {
  recommendationsPage(customerId: $id, k: $k, offset: $offset) {
    items { product { id } recommendationId position }
    pageInfo { offset k hasMore nextOffset }
    recommendationId
  }
}`;
type RecsPage = { recommendationsPage: Page<Id & { recommendationId: string; position: number }> & { recommendationId: string } };

describe("recommendationsPage", () => {
  it("pages through every product the customer may be shown, once each, and says where the list ends", async () => {
    const { items, pages } = await walk(
      async (offset) => (await h.data<RecsPage>(RECS_PAGE, { id: customer, k: 7, offset })).recommendationsPage,
    );
    const bought = new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
    const expected = shop.products.map((p) => p.product_id).filter((id) => !bought.has(id));
    const ids = items.map((r) => r.product.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(items.map((r) => r.position)).toEqual(ids.map((_, i) => i + 1));
    // The last page is the rest, shorter than k unless the catalogue divides evenly.
    expect(pages.at(-1)!.items.length).toBe(expected.length - 7 * (pages.length - 1));
    for (const page of pages)
      expect(page.items.every((r) => r.recommendationId === (page as RecsPage["recommendationsPage"]).recommendationId)).toBe(true);
  });

  it("has the same items as the plain list, and no next page when exactly k products remain", async () => {
    const plain = (
      await h.data<{ recommendations: Id[] }>(`query ($id: ID) { recommendations(customerId: $id, k: 100) { product { id } } }`, {
        id: customer,
      })
    ).recommendations;
    const total = plain.length;
    expect(total).toBeGreaterThan(10);
    const last = (await h.data<RecsPage>(RECS_PAGE, { id: customer, k: 5, offset: total - 5 })).recommendationsPage;
    expect(last.items.map((r) => r.product.id)).toEqual(plain.slice(total - 5).map((r) => r.product.id));
    expect(last.pageInfo).toEqual({ offset: total - 5, k: 5, hasMore: false, nextOffset: null });
    const before = (await h.data<RecsPage>(RECS_PAGE, { id: customer, k: 5, offset: total - 6 })).recommendationsPage;
    expect(before.pageInfo).toEqual({ offset: total - 6, k: 5, hasMore: true, nextOffset: total - 1 });
  });
});

describe("similarProductsPage", () => {
  it("pages through every other product once", async () => {
    const q = `query ($offset: Int) { similarProductsPage(productId: "1001", k: 9, offset: $offset) { items { product { id } similarity } pageInfo { offset k hasMore nextOffset } } }`;
    const { items } = await walk(
      async (offset) => (await h.data<{ similarProductsPage: Page<Id & { similarity: number }> }>(q, { offset })).similarProductsPage,
    );
    const ids = items.map((r) => r.product.id);
    expect([...ids].sort()).toEqual(
      shop.products
        .map((p) => p.product_id)
        .filter((id) => id !== "1001")
        .sort(),
    );
    const similarities = items.map((r) => r.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  });

  it("is null, with NOT_FOUND, for a product that does not exist, while the rest of the answer stands", async () => {
    const result = await h.run(`{ similarProductsPage(productId: "nope") { items { product { id } } } product(id: "1001") { id } }`);
    expect(h.errorCode(result)).toBe("NOT_FOUND");
    expect(result.data).toEqual({ similarProductsPage: null, product: { id: "1001" } });
  });
});

const RULES_PAGE = `query ($k: Int, $offset: Int) {
  associationRulesPage(k: $k, offset: $offset) { items { antecedent { id } consequent { id } } pageInfo { offset k hasMore nextOffset } }
}`;
type Rule = { antecedent: { id: string }; consequent: { id: string } };

describe("associationRulesPage and frequentlyBoughtTogetherPage", () => {
  it("page through every rule once, in the plain list's order", async () => {
    const all = (await h.data<{ associationRules: Rule[] }>(`{ associationRules(k: 1000) { antecedent { id } consequent { id } } }`))
      .associationRules;
    expect(all.length).toBeGreaterThan(10);
    const { items } = await walk(
      async (offset) => (await h.data<{ associationRulesPage: Page<Rule> }>(RULES_PAGE, { k: 4, offset })).associationRulesPage,
    );
    expect(items).toEqual(all);
  });

  it("page through a product's basket companions once each", async () => {
    const all = (await h.data<{ associationRules: Rule[] }>(`{ associationRules(k: 1000) { antecedent { id } consequent { id } } }`))
      .associationRules;
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.antecedent.id, (counts.get(r.antecedent.id) ?? 0) + 1);
    const [productId, rules] = [...counts].sort((a, b) => b[1] - a[1])[0];
    expect(rules).toBeGreaterThan(2);
    const q = `query ($id: ID!, $offset: Int) { frequentlyBoughtTogetherPage(productId: $id, k: 2, offset: $offset) { items { product { id } } pageInfo { offset k hasMore nextOffset } } }`;
    const { items } = await walk(
      async (offset) =>
        (await h.data<{ frequentlyBoughtTogetherPage: Page<Id> }>(q, { id: productId, offset })).frequentlyBoughtTogetherPage,
    );
    const plain = (
      await h.data<{ frequentlyBoughtTogether: Id[] }>(
        `query ($id: ID!) { frequentlyBoughtTogether(productId: $id, k: 100) { product { id } } }`,
        { id: productId },
      )
    ).frequentlyBoughtTogether;
    expect(items.map((r) => r.product.id)).toEqual(plain.map((r) => r.product.id));
    expect(items).toHaveLength(rules);
  });

  it("refuses an offset out of range with BAD_USER_INPUT naming it", async () => {
    const result = await h.run(RULES_PAGE, { offset: -1 });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/offset must be an integer from 0 to 100000/);
  });
});

describe("the size argument", () => {
  it("is k on every list; the old names limit and n still work, and must agree with k when both are given", async () => {
    const byLimit = (await h.data<{ associationRules: Rule[] }>(`{ associationRules(limit: 3) { antecedent { id } } }`)).associationRules;
    expect(byLimit).toHaveLength(3);
    const both = await h.run(`{ associationRules(k: 5, limit: 3) { antecedent { id } } }`);
    expect(h.errorCode(both)).toBe("BAD_USER_INPUT");
    expect(both.errors![0].message).toMatch(/give k or its old name limit, not both/);

    const because = `query ($id: ID) { recommendations(customerId: $id, k: 3) { source because(n: 1) { id } } }`;
    const recs = (await h.data<{ recommendations: { source: string; because: unknown[] }[] }>(because, { id: customer })).recommendations;
    expect(recs.some((r) => r.source === "PERSONALIZED")).toBe(true);
    for (const r of recs) expect(r.because.length).toBeLessThanOrEqual(1);
    expect(recs.some((r) => r.because.length === 1)).toBe(true);
    const conflict = await h.run(`query ($id: ID) { recommendations(customerId: $id, k: 3) { because(k: 2, n: 1) { id } } }`, {
      id: customer,
    });
    expect(h.errorCode(conflict)).toBe("BAD_USER_INPUT");
  });

  it("marks the old names deprecated in the schema", async () => {
    const result = await h.data<{ __type: { fields: { name: string; args: { name: string; isDeprecated: boolean }[] }[] } }>(
      `{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated } } } }`,
    );
    const rules = result.__type.fields.find((f) => f.name === "associationRules")!;
    expect(rules.args.find((a) => a.name === "limit")!.isDeprecated).toBe(true);
    expect(rules.args.find((a) => a.name === "k")!.isDeprecated).toBe(false);
  });
});
