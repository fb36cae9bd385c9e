import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImportReport } from "../../src/importers/import-report";
import { loadIntoStore } from "../../src/training/import.service";
import { Store } from "../../src/store";
import { graphqlHarness } from "../helpers/graphql";
import type { Product, Recommendation } from "../../web/src/generated/schema";
import { trainedModelFile } from "../helpers/trained-store";

type Card = Product & {
  currency: string | null;
  imageUrl: string | null;
  url: string | null;
  available: boolean;
  archived: boolean;
  attributes: unknown;
};
const CARD = "id name category price currency imageUrl url available archived attributes";
const UPSERT = `mutation ($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { ${CARD} } }`;
const RECS = `query ($id: ID, $k: Int, $filter: ProductFilter) {
  recommendations(customerId: $id, k: $k, filter: $filter) { product { id } source because(k: 3) { id } }
}`;
type Recs = { recommendations: (Pick<Recommendation, "source"> & { product: { id: string }; because: { id: string }[] })[] };

let h: ReturnType<typeof graphqlHarness>;
let trained: Awaited<ReturnType<typeof trainedModelFile>>;
beforeEach(async () => {
  trained = await trainedModelFile();
  h = graphqlHarness(trained.dbPath);
});
afterEach(() => h.close());

const NEW_BOOK = {
  id: "B-NEW",
  name: "Brand New Atlas",
  category: "Books",
  price: 24.5,
  currency: "EUR",
  imageUrl: "https://cdn.example.com/b-new.jpg",
  url: "https://shop.example.com/p/b-new",
  attributes: { format: "hardcover", pages: 320, signed: false },
};

/** A customer of the small shop who bought books. */
function bookBuyer(): string {
  const books = new Set(trained.shop.products.filter((p) => p.category === "Books").map((p) => p.product_id));
  return trained.shop.purchases.filter((p) => books.has(p.product_id))[0].customer_id;
}

describe("a live catalogue", () => {
  it("adds a product with what a storefront card needs, and reads it back singly and in batches", async () => {
    const { upsertProducts } = await h.data<{ upsertProducts: Card[] }>(UPSERT, { inputs: [NEW_BOOK] });
    expect(upsertProducts).toEqual([{ ...NEW_BOOK, available: true, archived: false }]);
    const { product } = await h.data<{ product: Card }>(`{ product(id: "B-NEW") { ${CARD} } }`);
    expect(product).toEqual(upsertProducts[0]);
    const { products } = await h.data<{ products: (Pick<Card, "id"> | null)[] }>(`{ products(ids: ["1002", "nope", "B-NEW"]) { id } }`);
    expect(products).toEqual([{ id: "1002" }, null, { id: "B-NEW" }]);
  });

  it("is idempotent on id, and keeps fields an update leaves out", async () => {
    await h.data(UPSERT, { inputs: [NEW_BOOK] });
    await h.data(UPSERT, { inputs: [NEW_BOOK] });
    const { upsertProducts } = await h.data<{ upsertProducts: Card[] }>(UPSERT, { inputs: [{ id: "B-NEW", price: 19.9, imageUrl: null }] });
    expect(upsertProducts[0]).toEqual({ ...NEW_BOOK, price: 19.9, imageUrl: null, available: true, archived: false });
    expect(h.store.catalog.allProducts().filter((p) => p.id === "B-NEW")).toHaveLength(1);
  });

  it("makes a new product recommendable at once, by its category, without a retrain", async () => {
    await h.data(UPSERT, { inputs: [NEW_BOOK] });
    const { recommendations } = await h.data<Recs>(RECS, { id: bookBuyer(), k: 100, filter: { categories: ["Books"] } });
    expect(recommendations.map((r) => r.product.id)).toContain("B-NEW");
    const { similarProducts } = await h.data<{ similarProducts: { product: { id: string } }[] }>(
      `{ similarProducts(productId: "B-NEW", k: 5) { product { id } } }`,
    );
    expect(similarProducts).toHaveLength(5);
  });

  it("counts an interaction with a new product at once in the customer's recommendations", async () => {
    await h.data(UPSERT, { inputs: [NEW_BOOK] });
    await h.data(`mutation { recordInteraction(input: { customerId: "reader", productId: "B-NEW", type: PURCHASE }) { id } }`);
    const { recommendations } = await h.data<Recs>(RECS, { id: "reader", k: 3 });
    expect(recommendations.map((r) => r.source)).toEqual(["PERSONALIZED", "PERSONALIZED", "PERSONALIZED"]);
    expect(recommendations[0].because.map((p) => p.id)).toEqual(["B-NEW"]);
    expect(recommendations.map((r) => r.product.id)).not.toContain("B-NEW");
  });

  it("never recommends an unavailable or archived product, by any query, until it is available again", async () => {
    const customer = bookBuyer();
    const first = (await h.data<Recs>(RECS, { id: customer, k: 5 })).recommendations[0].product.id;
    const rule = h.store.rules.list(h.store.models.latestId()!, { minSupport: 0, minConfidence: 0, minLift: 0, limit: 1, offset: 0 })[0];
    const lists = async () => ({
      recommended: (await h.data<Recs>(RECS, { id: customer, k: 100 })).recommendations.map((r) => r.product.id),
      anonymous: (await h.data<Recs>(`{ recommendations(k: 100) { product { id } source because { id } } }`)).recommendations.map(
        (r) => r.product.id,
      ),
      together: (
        await h.data<{ frequentlyBoughtTogether: { product: { id: string } }[] }>(
          `query ($p: ID!) { frequentlyBoughtTogether(productId: $p, k: 100) { product { id } } }`,
          { p: rule.antecedent },
        )
      ).frequentlyBoughtTogether.map((r) => r.product.id),
    });
    const before = await lists();
    expect(before.recommended).toContain(first);
    expect(before.together).toContain(rule.consequent);
    for (const change of [{ available: false }, { archived: true }]) {
      await h.data(UPSERT, {
        inputs: [
          { id: first, ...change },
          { id: rule.consequent, ...change },
        ],
      });
      const hidden = await lists();
      for (const list of Object.values(hidden)) {
        expect(list).not.toContain(first);
        expect(list).not.toContain(rule.consequent);
      }
      const similar = await h.data<{ similarProducts: { product: { id: string } }[] }>(
        `query ($p: ID!) { similarProducts(productId: $p, k: 100) { product { id } } }`,
        { p: before.recommended[1] },
      );
      expect(similar.similarProducts.map((s) => s.product.id)).not.toContain(first);
      // Its history is kept, and it can still be looked up.
      expect((await h.data<{ product: Card }>(`query ($p: ID!) { product(id: $p) { ${CARD} } }`, { p: first })).product.id).toBe(first);
      await h.data(UPSERT, {
        inputs: [
          { id: first, available: true, archived: false },
          { id: rule.consequent, available: true, archived: false },
        ],
      });
      expect(await lists()).toEqual(before);
    }
  });

  it("keeps folded-in customers and every product's popularity share when it changes", async () => {
    const before = h.holder.latest();
    const top = before.popularOrder[0];
    const share = before.popularity[top];
    for (let c = 0; c < 20; c++)
      await h.data(`mutation { recordInteraction(input: { customerId: "new-${c}", productId: "1002", type: PURCHASE }) { id } }`);
    const vector = Array.from(h.holder.latest().customerVector("new-7")!);
    expect(vector.some((v) => v !== 0)).toBe(true);
    await h.data(UPSERT, { inputs: [NEW_BOOK] });
    const after = h.holder.latest();
    expect(after).not.toBe(before);
    expect(Array.from(after.customerVector("new-7")!)).toEqual(vector);
    expect(after.popularity[top]).toBeCloseTo(share, 6);
  });

  it("is noticed by a server when another process changes it", async () => {
    await h.data(RECS, { id: bookBuyer(), k: 5 });
    const other = Store.open(trained.dbPath);
    other.catalog.applyChanges([{ id: "B-OTHER", name: "Written Elsewhere", category: "Books" }]);
    other.close();
    const { recommendations } = await h.data<Recs>(RECS, { id: bookBuyer(), k: 100, filter: { categories: ["Books"] } });
    expect(recommendations.map((r) => r.product.id)).toContain("B-OTHER");
  });

  it("keeps the fields set through the API when data is imported again; the import updates the others", async () => {
    await h.data(UPSERT, { inputs: [{ id: "1001", name: "Renamed Live", price: 1.5, currency: null }] });
    loadIntoStore(h.store, {
      customers: [],
      products: [{ id: "1001", name: "Imported Name", category: "Imported Category", price: 99, rating: 4, currency: "USD" }],
      interactions: [],
      report: new ImportReport(),
    });
    const { product } = await h.data<{ product: Card }>(`{ product(id: "1001") { ${CARD} } }`);
    // Name, price and the cleared currency are the API's; the category is the import's.
    expect(product).toMatchObject({ name: "Renamed Live", price: 1.5, currency: null, category: "Imported Category" });
  });
});

describe("a products file imported on its own", () => {
  it("adds and updates products for a running server, without undoing what the API set", async () => {
    const { importProductsFile } = await import("../../src/training/import.service");
    const { tempDir } = await import("../helpers/paths");
    const path = await import("node:path");
    await h.data(UPSERT, { inputs: [{ id: "1001", name: "Renamed Live" }] });
    const dir = tempDir({
      "products.csv": "product_id,name,category,price,available\nNEW-1,Imported New,Books,3,yes\n1001,Imported Name,,,\n1002,,,,no\n",
    });
    const other = Store.open(trained.dbPath);
    const { report } = importProductsFile(other, path.join(dir, "products.csv"));
    other.close();
    expect(report.products).toBe(3);
    const { products } = await h.data<{ products: Card[] }>(`{ products(ids: ["NEW-1", "1001", "1002"]) { ${CARD} } }`);
    expect(products[0]).toMatchObject({ id: "NEW-1", name: "Imported New", category: "Books", price: 3, available: true });
    expect(products[1].name).toBe("Renamed Live");
    expect(products[2].available).toBe(false);
    const anonymous = await h.data<Recs>(`{ recommendations(k: 100) { product { id } source because { id } } }`);
    expect(anonymous.recommendations.map((r) => r.product.id)).not.toContain("1002");
  });
});

describe("bad product input", () => {
  it.each([
    [[{ id: "X1" }], "inputs[0].name is required for a new product"],
    [[{ id: "  ", name: "A" }], "inputs[0].id must not be empty"],
    [
      [
        { id: "X1", name: "A" },
        { id: "X2", name: "B", price: -1 },
      ],
      "inputs[1].price must be from 0 to 1000000000, got -1",
    ],
    [[{ id: "X1", name: "A", price: 1e308 }], "inputs[0].price must be from 0"],
    [[{ id: "X1", name: "A", currency: "euro" }], "inputs[0].currency must be an ISO 4217 code"],
    [[{ id: "X1", name: "A", imageUrl: "javascript:alert(1)" }], "inputs[0].imageUrl must be an http or https URL"],
    [[{ id: "X1", name: "A", url: "not a url" }], "inputs[0].url must be an absolute http or https URL"],
    [[{ id: "X1", name: "A", attributes: { nested: { a: 1 } } }], "inputs[0].attributes.nested must be a string"],
    [
      [
        { id: "X1", name: "A" },
        { id: "X1", name: "B" },
      ],
      'inputs[1].id "X1" repeats inputs[0].id',
    ],
    [[{ id: "1001", name: null }], "inputs[0].name cannot be cleared"],
    [[], "inputs must hold at least one product"],
  ])("is refused with BAD_USER_INPUT naming the input and field, and stores nothing: %j", async (inputs, message) => {
    const before = h.store.catalog.allProducts();
    const result = await h.run(UPSERT, { inputs });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toContain(message);
    expect(h.store.catalog.allProducts()).toEqual(before);
  });

  it("is refused beyond 500 products in one call and 100 ids in one lookup", async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `N${i}`, name: "n" }));
    expect(h.errorCode(await h.run(UPSERT, { inputs: many }))).toBe("BAD_USER_INPUT");
    const ids = Array.from({ length: 101 }, (_, i) => `N${i}`);
    expect(h.errorCode(await h.run(`query ($ids: [ID!]!) { products(ids: $ids) { id } }`, { ids }))).toBe("BAD_USER_INPUT");
  });
});
