/**
 * Recommendations through a version's HNSW graph: the same lists as exact scoring on a small shop,
 * with bought products, filters, unavailable products and exclusions holding, exact scoring when the
 * filters leave the graph too few, and products added live found through it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { graphqlHarness } from "../helpers/graphql";
import { FAST_TRAINING, SMALL_SHOP, trainModelFile } from "../helpers/trained-store";

type Harness = ReturnType<typeof graphqlHarness>;
type Item = { product: { id: string; category: string | null }; score: number; source: string };
const LIST = `query($c: ID, $k: Int, $f: ProductFilter, $o: Int) { recommendations(customerId: $c, k: $k, filter: $f, offset: $o) { product { id category } score source } }`;

let exact: Harness;
let ann: Harness;
let customers: string[];

beforeAll(async () => {
  // The same shop and seed: the same factors; one version with a graph over its 80 products.
  const plain = await trainModelFile(SMALL_SHOP, FAST_TRAINING);
  const graphed = await trainModelFile(SMALL_SHOP, { ...FAST_TRAINING, annMinProducts: 1 });
  exact = graphqlHarness(plain.dbPath);
  ann = graphqlHarness(graphed.dbPath);
  customers = exact.holder.current.customers.ids.slice(0, 40);
});
afterAll(async () => {
  await exact?.close();
  await ann?.close();
});

const list = async (h: Harness, variables: Record<string, unknown>) =>
  (await h.data<{ recommendations: Item[] }>(LIST, variables)).recommendations;
const ids = (items: Item[]) => items.map((r) => r.product.id);

describe("recommendations through an HNSW graph", () => {
  it("are built with the version when the catalogue is large enough, and loaded with it", () => {
    expect(ann.holder.current.ann?.size).toBe(ann.holder.current.trainedCount);
    expect(ann.holder.current.stored.stats.ann).toMatchObject({ products: 80, options: { m: 16 } });
    expect(exact.holder.current.ann).toBeNull();
  });

  it("rank as exact scoring does, leaving out what each customer bought", async () => {
    let same = 0;
    let total = 0;
    for (const c of customers) {
      const [a, b] = [await list(exact, { c, k: 10 }), await list(ann, { c, k: 10 })];
      const truth = new Set(ids(a));
      same += ids(b).filter((id) => truth.has(id)).length;
      total += a.length;
      const bought = new Set(ann.store.interactions.purchasedProducts(c));
      expect(
        ids(b).filter((id) => bought.has(id)),
        c,
      ).toEqual([]);
      expect(b.every((r) => r.source === a[0].source)).toBe(true);
    }
    expect(same / total).toBeGreaterThanOrEqual(0.95);
  });

  it("keep to a filter, and rank exactly when the filter leaves the graph's candidates too few", async () => {
    const category = ann.holder.current.productRecords[0].category!;
    for (const c of customers.slice(0, 10)) {
      const b = await list(ann, { c, k: 5, f: { categories: [category] } });
      expect(b.every((r) => r.product.category === category)).toBe(true);
      const a = await list(exact, { c, k: 5, f: { categories: [category] } });
      expect(b.map((r) => `${r.product.id} ${r.score.toFixed(5)} ${r.source}`)).toEqual(
        a.map((r) => `${r.product.id} ${r.score.toFixed(5)} ${r.source}`),
      );
    }
  });

  it("never hold a product made unavailable, and hold a product added live through the graph", async () => {
    const c = customers[0];
    const top = ids(await list(ann, { c, k: 3 }))[0];
    await ann.data(`mutation($p: [ProductInput!]!) { upsertProducts(inputs: $p) { id } }`, {
      p: [
        { id: top, available: false },
        { id: "live-1", name: "Live", category: ann.holder.current.productRecords.find((p) => p.id === top)!.category, price: 1 },
      ],
    });
    const after = ids(await list(ann, { c, k: 80 }));
    expect(after).not.toContain(top);
    const model = ann.holder.latest();
    expect(model.ann!.size).toBe(81);
    const live = model.products.indexOf("live-1")!;
    const vector = model.productFactors.subarray(live * model.k, (live + 1) * model.k);
    expect(Array.from(model.ann!.search(vector, 100), (l) => model.ann!.idOf(l))).toContain("live-1");
    expect(after).toContain("live-1");
  });

  it("find similar products by cosine as exact scoring does, with the same similarities", async () => {
    const SIMILAR = `query($p: ID!, $f: ProductFilter) { similarProducts(productId: $p, k: 10, filter: $f) { product { id category } similarity } }`;
    type Similar = { product: { id: string; category: string | null }; similarity: number };
    let same = 0;
    let total = 0;
    for (const p of exact.holder.current.products.ids.slice(0, 30)) {
      const a = (await exact.data<{ similarProducts: Similar[] }>(SIMILAR, { p })).similarProducts;
      const b = (await ann.data<{ similarProducts: Similar[] }>(SIMILAR, { p })).similarProducts;
      const truth = new Map(a.map((r) => [r.product.id, r.similarity]));
      for (const r of b) {
        if (!truth.has(r.product.id)) continue;
        same++;
        expect(r.similarity).toBeCloseTo(truth.get(r.product.id)!, 5);
      }
      total += a.length;
      expect(b.map((r) => r.product.id)).not.toContain(p);
    }
    expect(same / total).toBeGreaterThanOrEqual(0.95);
    const category = ann.holder.current.productRecords[5].category!;
    const filtered = (
      await ann.data<{ similarProducts: Similar[] }>(SIMILAR, { p: ann.holder.current.products.ids[0], f: { categories: [category] } })
    ).similarProducts;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r.product.category === category)).toBe(true);
  });

  it("page without overlap deep into the list", async () => {
    const c = customers[1];
    const pages = [];
    for (let o = 0; o < 30; o += 10) pages.push(...ids(await list(ann, { c, k: 10, o })));
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toEqual(ids(await list(ann, { c, k: 30 })));
  });
});

describe("a version's HNSW graph in the file", () => {
  it("goes with the version when it is dropped", async () => {
    const { dbPath } = await trainModelFile(SMALL_SHOP, { ...FAST_TRAINING, annMinProducts: 1 });
    const store = Store.open(dbPath);
    try {
      const id = store.models.latestId()!;
      expect(store.ann.load(id, "ip", store.models.load(id)!.factors)).not.toBeNull();
      expect(store.ann.load(id, "cosine", store.models.load(id)!.factors)).not.toBeNull();
      store.db.prepare(`DELETE FROM models WHERE id = ?`).run(id);
      expect(store.db.prepare(`SELECT COUNT(*) AS n FROM model_ann_chunks`).get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });
});
