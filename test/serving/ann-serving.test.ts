/**
 * Recommendations through a version's HNSW graph: the same lists as exact scoring on a small shop,
 * with bought products, filters, unavailable products and exclusions holding, exact scoring when the
 * filters leave the graph too few, and products added live ranked beside it.
 */
import { HierarchicalNSW } from "hnswlib-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnnIndex } from "../../src/model/ann-index";
import { Store } from "../../src/store";
import { graphqlHarness } from "../helpers/graphql";
import { FAST_TRAINING, SMALL_SHOP, trainModelFile } from "../helpers/trained-store";

type Harness = ReturnType<typeof graphqlHarness>;
type Item = { product: { id: string; category: string | null }; score: number; source: string };
const LIST = `query($c: ID, $k: Int, $f: ProductFilter, $o: Int) { recommendations(customerId: $c, k: $k, filter: $f, offset: $o) { product { id category } score source } }`;

let exact: Harness;
let ann: Harness;
let customers: string[];
let graphedPath: string;

beforeAll(async () => {
  // The same shop and seed: the same factors; one version with a graph over its 80 products, and no
  // head beyond what its measurement asks for (the least head, 256, would be every product).
  const plain = await trainModelFile(SMALL_SHOP, FAST_TRAINING);
  const graphed = await trainModelFile(SMALL_SHOP, { ...FAST_TRAINING, annMinProducts: 1, annTuning: { minHead: 0 } });
  exact = graphqlHarness(plain.dbPath);
  ann = graphqlHarness(graphed.dbPath);
  graphedPath = graphed.dbPath;
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

  it("are measured at training on a sample of what they will answer, and served as the measurement set them", () => {
    const { stats } = ann.holder.current.stored;
    const [ip, cosine] = stats.ann!.graphs!;
    expect(ip).toMatchObject({ metric: "ip", queries: expect.any(Number) });
    expect(ip.queries).toBeGreaterThan(50);
    expect(ip.recall).toBeGreaterThanOrEqual(0.99);
    expect(cosine).toMatchObject({ metric: "cosine", head: 0 });
    expect(ann.holder.current.ann!.head).toHaveLength(ip.head);
    expect(ann.holder.current.ann!.efSearch).toBe(ip.efSearch);
    expect(ann.holder.current.annCosine!.efSearch).toBe(cosine.efSearch);
  });

  it("with the least head, here every product, rank exactly as exact scoring does", async () => {
    const { dbPath } = await trainModelFile(SMALL_SHOP, { ...FAST_TRAINING, annMinProducts: 1 });
    const headed = graphqlHarness(dbPath);
    try {
      expect(headed.holder.current.ann!.head).toHaveLength(80);
      const line = (r: Item) => `${r.product.id} ${r.score.toFixed(5)}`;
      for (const c of customers.slice(0, 10))
        expect((await list(headed, { c, k: 10 })).map(line)).toEqual((await list(exact, { c, k: 10 })).map(line));
    } finally {
      await headed.close();
    }
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

  it("keep to a filter, and rank exactly when the filter leaves fewer products than the list", async () => {
    const category = ann.holder.current.productRecords[0].category!;
    const f = { categories: [category] };
    const line = (r: Item) => `${r.product.id} ${r.score.toFixed(5)} ${r.source}`;
    let same = 0;
    for (const c of customers.slice(0, 10)) {
      const [a, b] = [await list(exact, { c, k: 5, f }), await list(ann, { c, k: 5, f })];
      expect(b.every((r) => r.product.category === category)).toBe(true);
      same += b.filter((r) => ids(a).includes(r.product.id)).length;
      // Every product of the category, ranked: as exact scoring ranks them.
      expect((await list(ann, { c, k: 40, f })).map(line)).toEqual((await list(exact, { c, k: 40, f })).map(line));
    }
    expect(same / 50).toBeGreaterThanOrEqual(0.9);
  });

  it("never hold a product made unavailable, and rank products added live by their category's vector as exact scoring does", async () => {
    const c = customers[0];
    const top = ids(await list(ann, { c, k: 3 }))[0];
    const category = ann.holder.current.productRecords.find((p) => p.id === top)!.category;
    const added = [
      { id: top, available: false },
      ...["live-1", "live-2", "live-3"].map((id) => ({ id, name: "Live", category, price: 1 })),
      { id: "live-none", name: "Live, no category", price: 1 },
    ];
    for (const h of [ann, exact]) await h.data(`mutation($p: [ProductInput!]!) { upsertProducts(inputs: $p) { id } }`, { p: added });
    const after = ids(await list(ann, { c, k: 84 }));
    expect(after).not.toContain(top);
    expect(after).toEqual(expect.arrayContaining(["live-1", "live-2", "live-3", "live-none"]));
    // They stay out of the graph (one vector, three times), and each list is the exact one.
    expect(ann.holder.latest().ann!.size).toBe(80);
    for (const customer of customers.slice(0, 15)) {
      const [a, b] = [await list(exact, { c: customer, k: 20 }), await list(ann, { c: customer, k: 20 })];
      expect(b.map((r) => `${r.product.id} ${r.score.toFixed(5)}`)).toEqual(a.map((r) => `${r.product.id} ${r.score.toFixed(5)}`));
    }
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

  it("are the same after a filtered list as before it: a list's mask, reused by the next, starts clean", async () => {
    // A server of its own, whose first list has a mask no list has written into.
    const fresh = graphqlHarness(graphedPath);
    try {
      const c = customers[2];
      const before = ids(await list(fresh, { c, k: 10 }));
      const category = fresh.holder.current.productRecords[3].category!;
      const filtered = ids(await list(fresh, { c, k: 10, f: { categories: [category], excludeProductIds: before.slice(0, 3) } }));
      expect(filtered.filter((p) => before.slice(0, 3).includes(p))).toEqual([]);
      expect(ids(await list(fresh, { c, k: 10 }))).toEqual(before);
    } finally {
      await fresh.close();
    }
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
      const k = store.models.load(id)!.factors;
      expect(store.ann.load(id, "ip", (layout) => AnnIndex.emptyGraph(layout, k))?.layout).toBe("ip");
      expect(store.ann.load(id, "cosine", (layout) => AnnIndex.emptyGraph(layout, k))?.layout).toBe("augmented");
      store.db.prepare(`DELETE FROM models WHERE id = ?`).run(id);
      expect(store.db.prepare(`SELECT COUNT(*) AS n FROM model_ann_chunks`).get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  it("still serves when written before graphs said their layout (by inner product, augmented by a coordinate)", async () => {
    const { dbPath } = await trainModelFile(SMALL_SHOP, { ...FAST_TRAINING, annMinProducts: 1 });
    const store = Store.open(dbPath);
    const id = store.models.latestId()!;
    const { factors: k, products, productFactors } = store.models.load(id)!;
    // The graph as the first builds wrote it: (y, √(M² − |y|²)) in Euclidean space, options with M and no layout.
    const norms = Array.from({ length: products.size }, (_, i) => Math.hypot(...productFactors.subarray(i * k, (i + 1) * k)));
    const maxNorm = Math.max(...norms);
    const graph = new HierarchicalNSW("l2", k + 1);
    graph.initIndex({ maxElements: products.size, m: 16, efConstruction: 100, randomSeed: 42 });
    for (let i = 0; i < products.size; i++)
      graph.addPoint([...productFactors.subarray(i * k, (i + 1) * k), Math.sqrt(Math.max(0, maxNorm ** 2 - norms[i] ** 2))], i);
    store.db.prepare(`DELETE FROM model_ann WHERE model_id = ? AND metric = 'ip'`).run(id);
    const options = { m: 16, efConstruction: 100, efSearch: 100, seed: 42 };
    store.ann.insert(id, { metric: "ip", graph, options, layout: "augmented" }, products.size);
    store.db
      .prepare(`UPDATE model_ann SET options = ? WHERE model_id = ? AND metric = 'ip'`)
      .run(JSON.stringify({ ...options, maxNorm }), id);
    store.close();
    const old = graphqlHarness(dbPath);
    try {
      expect(old.holder.current.ann?.layout).toBe("augmented");
      let same = 0;
      for (const c of customers.slice(0, 20)) {
        const [a, b] = [await list(exact, { c, k: 10 }), await list(old, { c, k: 10 })];
        same += ids(b).filter((p) => ids(a).includes(p)).length;
      }
      expect(same / 200).toBeGreaterThanOrEqual(0.9);
    } finally {
      await old.close();
    }
  });
});
