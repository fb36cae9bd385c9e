import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateSampleShop, writeTrioFiles } from "../../src/importers/sample-shop";
import { ALS_RANKER, type RankerSettings } from "../../src/model/ranker";
import { importAndTrain } from "../../src/training/pipeline.service";
import { DEFAULT_TUNING_OPTIONS } from "../../src/training/tuning.service";
import { Store } from "../../src/store";
import { graphqlHarness } from "../helpers/graphql";
import { tempDir } from "../helpers/paths";
import type { ModelInfo, Product, Recommendation } from "../../web/src/generated/schema";
import { FAST_TRAINING, SMALL_SHOP } from "../helpers/trained-store";

type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id">; because: { id: string }[] })[] };
const RECS = `query ($id: ID, $context: SessionContext) {
  recommendations(customerId: $id, context: $context, k: 5) { product { id } score source because(k: 3) { id } }
}`;
const RANKER = `{ modelInfo { ranker { kind name weights { als itemKnn popularity } comparison { name ndcg } } } }`;

const harnesses: ReturnType<typeof graphqlHarness>[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});

const shop = generateSampleShop(SMALL_SHOP);
const customer = shop.purchases[0].customer_id;
const bought = new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));

/** The small shop trained with the given ranker (and untuned settings), behind a GraphQL harness. */
async function servedBy(ranker: RankerSettings) {
  const dir = tempDir();
  writeTrioFiles(shop, dir);
  const db = path.join(dir, "model.db");
  await importAndTrain(db, "trio", dir, { overrides: { ...FAST_TRAINING, ranker } });
  const h = graphqlHarness(db);
  harnesses.push(h);
  return h;
}

describe("the ranker a shop is served by", () => {
  it("popularity alone: every list is the best sellers the customer has not bought, marked POPULAR", async () => {
    const h = await servedBy({ ...ALS_RANKER, als: 0, popularity: 1 });
    const { recommendations } = await h.data<Recs>(RECS, { id: customer });
    expect(recommendations.map((r) => r.source)).toEqual(Array(5).fill("POPULAR"));
    const buyers = new Map<string, Set<string>>();
    for (const p of shop.purchases) {
      if (!buyers.has(p.product_id)) buyers.set(p.product_id, new Set());
      buyers.get(p.product_id)!.add(p.customer_id);
    }
    const expected = [...buyers.keys()]
      .filter((id) => !bought.has(id))
      .sort((a, b) => buyers.get(b)!.size - buyers.get(a)!.size || (a < b ? -1 : 1))
      .slice(0, 5);
    expect(recommendations.map((r) => r.product.id)).toEqual(expected);
    const { modelInfo } = await h.data<{ modelInfo: Pick<ModelInfo, "ranker"> }>(RANKER);
    expect(modelInfo.ranker).toMatchObject({ kind: "popularity", name: "popularity", weights: { als: 0, itemKnn: 0, popularity: 1 } });
    // Not tuned: nothing was compared.
    expect(modelInfo.ranker.comparison).toEqual([]);
  });

  it("item-kNN alone: ranks neighbours of what the customer bought, and names those purchases as the reason", async () => {
    const h = await servedBy({ ...ALS_RANKER, als: 0, itemKnn: 1 });
    const neighbours = h.store.models.load()!.neighbours!;
    const products = h.store.models.load()!.products;
    const neighboursOf = (id: string) => {
      const i = products.indexOf(id)!;
      return new Set(Array.from(neighbours.indices.subarray(neighbours.indptr[i], neighbours.indptr[i + 1]), (j) => products.idAt(j)));
    };
    const { recommendations } = await h.data<Recs>(RECS, { id: customer });
    expect(recommendations[0].source).toBe("PERSONALIZED");
    for (const r of recommendations.filter((x) => x.source === "PERSONALIZED")) {
      expect(bought.has(r.product.id)).toBe(false);
      expect(r.because.length).toBeGreaterThan(0);
      for (const reason of r.because) {
        expect(bought.has(reason.id)).toBe(true);
        expect(neighboursOf(reason.id).has(r.product.id)).toBe(true);
      }
    }
    // Scores descend: the blend's order is the list's order.
    const scores = recommendations.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("a blend takes a purchase recorded a moment ago into account at once, for a new customer and an anonymous visit", async () => {
    const h = await servedBy({ ...ALS_RANKER, als: 1, itemKnn: 0.5, popularity: 0.25 });
    const product = shop.purchases[0].product_id;
    await h.data(`mutation ($p: ID!) { recordInteraction(input: { customerId: "newcomer", productId: $p, type: PURCHASE }) { id } }`, {
      p: product,
    });
    const known = await h.data<Recs>(RECS, { id: "newcomer" });
    expect(known.recommendations[0].source).toBe("PERSONALIZED");
    expect(known.recommendations.map((r) => r.product.id)).not.toContain(product);
    expect(known.recommendations[0].because.map((p) => p.id)).toEqual([product]);
    const visit = await h.data<Recs>(RECS, { context: { viewedProductIds: [product] } });
    expect(visit.recommendations[0].source).toBe("SESSION");
    expect(visit.recommendations[0].because.map((p) => p.id)).toEqual([product]);
    const { modelInfo } = await h.data<{ modelInfo: Pick<ModelInfo, "ranker"> }>(RANKER);
    expect(modelInfo.ranker.kind).toBe("blend");
    expect(modelInfo.ranker.name).toBe("blend ALS 1 + item-kNN (bm25, K=50) 0.5 + popularity 0.25");
  });

  it("modelInfo describes the ranker actually served, even when a version lacks the neighbour lists its ranker needs", async () => {
    const dir = tempDir();
    writeTrioFiles(shop, dir);
    const db = path.join(dir, "model.db");
    await importAndTrain(db, "trio", dir, { overrides: { ...FAST_TRAINING, ranker: { ...ALS_RANKER, als: 0, itemKnn: 1 } } });
    const raw = Store.open(db);
    raw.db.prepare("DELETE FROM model_neighbours").run();
    raw.close();
    const h = graphqlHarness(db);
    harnesses.push(h);
    expect(h.holder.latest().popularityOnly).toBe(true);
    const { modelInfo } = await h.data<{ modelInfo: Pick<ModelInfo, "ranker"> }>(RANKER);
    expect(modelInfo.ranker.kind).toBe("popularity");
  });

  it("after tuning, says which ranker won on validation and by how much", async () => {
    const dir = tempDir();
    writeTrioFiles(shop, dir);
    const db = path.join(dir, "model.db");
    const quick = { ...DEFAULT_TUNING_OPTIONS, trials: 4, searchIterations: 4, factorChoices: [8, 16] };
    await importAndTrain(db, "trio", dir, { overrides: { iterations: 4 }, tuning: quick });
    const h = graphqlHarness(db);
    harnesses.push(h);
    const { modelInfo } = await h.data<{ modelInfo: Pick<ModelInfo, "ranker"> }>(RANKER);
    const { comparison, name } = modelInfo.ranker;
    expect(comparison.length).toBeGreaterThan(10);
    expect(comparison[0].name).toBe(name);
    expect(comparison.map((c) => c.ndcg)).toEqual([...comparison.map((c) => c.ndcg)].sort((a, b) => b - a));
    expect(comparison.some((c) => c.name === "ALS")).toBe(true);
    expect(comparison.some((c) => c.name === "popularity")).toBe(true);
  });
});
