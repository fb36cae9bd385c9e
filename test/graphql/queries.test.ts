import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFor, type RfmThresholds, scoreCustomer, segmentFor } from "../../src/model/rfm";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { CustomerSegment, ModelInfo, Product, Recommendation, SimilarProduct, TuningInfo } from "../../web/src/generated/schema";
import { SMALL_SHOP, type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const RECOMMENDATIONS = `query ($customerId: ID!, $k: Int) {
  recommendations(customerId: $customerId, k: $k) { product { id name category price rating } score source }
}`;
const SIMILAR = `query ($productId: ID!, $k: Int) { similarProducts(productId: $productId, k: $k) { product { id name } similarity } }`;
const SEGMENT = `query ($customerId: ID!) { segment(customerId: $customerId) { customerId rfm { recencyDays frequency monetary r f m label action } } }`;

type Recommendations = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Product })[] };
type Similar = { similarProducts: (Pick<SimilarProduct, "similarity"> & { product: Pick<Product, "id" | "name"> })[] };
type Segment = { segment: Omit<CustomerSegment, "cluster"> };
type Info = {
  modelInfo: Omit<ModelInfo, "trainedAt" | "tuning" | "source"> & {
    tuning: Pick<TuningInfo, "trials"> | null;
    source: { format: string | null; input: string | null };
    dataRange: { first: string; last: string } | null;
    counts: Record<string, number>;
    settings: Record<string, unknown>;
    training: { finalLoss: number; lossHistory: number[] };
  };
};

/** The customer with the most purchases in the small shop. */
function heavyBuyer(): string {
  const counts = new Map<string, number>();
  for (const p of shop.purchases) counts.set(p.customer_id, (counts.get(p.customer_id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}
const BROWSER = String(SMALL_SHOP.customers); // the last customers only browse

describe("recommendations", () => {
  it("gives a known customer k personalized products, best first, none already bought", async () => {
    const customer = heavyBuyer();
    const { recommendations } = await h.data<Recommendations>(RECOMMENDATIONS, { customerId: customer, k: 7 });
    expect(recommendations).toHaveLength(7);
    expect(recommendations.every((r) => r.source === "PERSONALIZED")).toBe(true);
    const scores = recommendations.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const bought = new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
    for (const r of recommendations) expect(bought.has(r.product.id)).toBe(false);
    expect(recommendations[0].product).toMatchObject({
      name: expect.any(String),
      category: expect.any(String),
      price: expect.any(Number),
      rating: expect.any(Number),
    });
    // And they are the catalogue's figures for that product.
    for (const { product } of recommendations) {
      const listed = shop.products.find((p) => p.product_id === product.id)!;
      expect(product).toEqual({
        id: listed.product_id,
        name: listed.name,
        category: listed.category,
        price: listed.price,
        rating: listed.ratings,
      });
    }
  });

  it("defaults k to 10", async () => {
    const { recommendations } = await h.data<Recommendations>(RECOMMENDATIONS, { customerId: heavyBuyer() });
    expect(recommendations).toHaveLength(10);
  });

  it("gives a customer with no purchases the most bought products", async () => {
    const { recommendations } = await h.data<Recommendations>(RECOMMENDATIONS, { customerId: BROWSER, k: 5 });
    expect(recommendations.map((r) => r.source)).toEqual(Array(5).fill("POPULAR"));
    const buyers = new Map<string, Set<string>>();
    for (const p of shop.purchases) {
      if (!buyers.has(p.product_id)) buyers.set(p.product_id, new Set());
      buyers.get(p.product_id)!.add(p.customer_id);
    }
    const mostBought = [...buyers]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([id]) => id);
    expect(recommendations.map((r) => r.product.id)).toEqual(mostBought);
  });

  it("answers a customer it has never seen with the best sellers, not an error", async () => {
    const result = await h.data<Recommendations>(RECOMMENDATIONS, { customerId: "nobody", k: 5 });
    expect(result.recommendations.map((r) => r.source)).toEqual(Array(5).fill("POPULAR"));
  });

  it.each([0, 101, -3])("refuses k = %i with BAD_USER_INPUT", async (k) => {
    const result = await h.run(RECOMMENDATIONS, { customerId: heavyBuyer(), k });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/k must be an integer from 1 to 100/);
  });

  it("refuses an empty customer id with BAD_USER_INPUT", async () => {
    const result = await h.run(RECOMMENDATIONS, { customerId: "  " });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toBe("customerId must not be empty");
  });

  it("refuses a k that is not an integer with BAD_USER_INPUT", async () => {
    const result = await h.run(RECOMMENDATIONS, { customerId: heavyBuyer(), k: "ten" });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
  });
});

describe("similarProducts", () => {
  it("returns the cosine similarity of the embeddings, most similar first, without the product itself", async () => {
    const model = h.store.models.load()!;
    const productId = model.products.idAt(0);
    const { similarProducts } = await h.data<Similar>(SIMILAR, { productId, k: 5 });
    expect(similarProducts).toHaveLength(5);
    expect(similarProducts.map((s) => s.product.id)).not.toContain(productId);
    const k = model.factors;
    const vector = (id: string) => {
      const i = model.products.indexOf(id)!;
      return model.productFactors.subarray(i * k, (i + 1) * k);
    };
    const cosine = (a: Float32Array, b: Float32Array) => {
      let ab = 0,
        aa = 0,
        bb = 0;
      for (let f = 0; f < k; f++) {
        ab += a[f] * b[f];
        aa += a[f] * a[f];
        bb += b[f] * b[f];
      }
      return ab / Math.sqrt(aa * bb);
    };
    const all = model.products.ids.filter((id) => id !== productId).map((id) => ({ id, s: cosine(vector(productId), vector(id)) }));
    all.sort((a, b) => b.s - a.s);
    expect(similarProducts.map((s) => s.product.id)).toEqual(all.slice(0, 5).map((x) => x.id));
    similarProducts.forEach((s, i) => expect(s.similarity).toBeCloseTo(all[i].s, 4));
  });

  it("answers an unknown product with NOT_FOUND and an empty id with BAD_USER_INPUT", async () => {
    expect(h.errorCode(await h.run(SIMILAR, { productId: "no-such-product" }))).toBe("NOT_FOUND");
    expect(h.errorCode(await h.run(SIMILAR, { productId: "" }))).toBe("BAD_USER_INPUT");
    expect(h.errorCode(await h.run(SIMILAR, { productId: "1001", k: 500 }))).toBe("BAD_USER_INPUT");
  });
});

describe("segment", () => {
  it("returns RFM figures, 1–5 scores, a segment label and its action", async () => {
    const customer = heavyBuyer();
    const { segment } = await h.data<Segment>(SEGMENT, { customerId: customer });
    expect(segment.customerId).toBe(customer);
    const rfm = segment.rfm!;
    expect(rfm).not.toBeNull();
    for (const score of [rfm.r, rfm.f, rfm.m]) expect(score).toBeGreaterThanOrEqual(1);
    for (const score of [rfm.r, rfm.f, rfm.m]) expect(score).toBeLessThanOrEqual(5);
    expect(rfm.f).toBe(5); // the heaviest buyer is in the top frequency quintile
    expect(rfm.frequency).toBe(new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.purchase_date)).size);
    expect(rfm.label).toMatch(/\w/);
    expect(rfm.action.length).toBeGreaterThan(10);
    // The scores are the customer's figures against the thresholds the model was trained with, and the
    // label and action follow from the scores.
    const thresholds = h.store.models.load()!.stats.rfmThresholds as RfmThresholds;
    const { recencyDays, frequency, monetary } = rfm;
    const expected = scoreCustomer({ recencyDays, frequency, monetary }, thresholds);
    expect(rfm).toEqual({ ...expected, action: actionFor(expected.label) });
    expect(rfm.label).toBe(segmentFor(rfm.r, rfm.f, rfm.m));
  });

  it("has no RFM for a customer who never bought", async () => {
    const { segment } = await h.data<Segment>(SEGMENT, { customerId: BROWSER });
    expect(segment).toEqual({ customerId: BROWSER, rfm: null });
  });

  it("answers an unknown customer with NOT_FOUND", async () => {
    expect(h.errorCode(await h.run(SEGMENT, { customerId: "ghost" }))).toBe("NOT_FOUND");
  });
});

describe("partial answers", () => {
  it("give null and an error entry for the one missing thing, and every other answer", async () => {
    const customer = heavyBuyer();
    const result = await h.run<Record<string, unknown>>(
      `query ($c: ID!) {
      a: product(id: "1001") { id }
      b: product(id: "nope") { id }
      c: segment(customerId: "ghost") { customerId }
      d: segment(customerId: $c) { customerId }
      e: similarProducts(productId: "nope") { similarity }
      f: frequentlyBoughtTogether(productId: "nope") { lift }
      g: recommendations(customerId: "ghost", k: 2) { source }
    }`,
      { c: customer },
    );
    expect(result.data).toEqual({
      a: { id: "1001" },
      b: null,
      c: null,
      d: { customerId: customer },
      e: null,
      f: null,
      g: [{ source: "POPULAR" }, { source: "POPULAR" }],
    });
    expect(result.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [["b"], "NOT_FOUND"],
      [["c"], "NOT_FOUND"],
      [["e"], "NOT_FOUND"],
      [["f"], "NOT_FOUND"],
    ]);
  });
});

describe("product and modelInfo", () => {
  it("looks up a product", async () => {
    const { product } = await h.data<{ product: Omit<Product, "rating"> }>(`{ product(id: "1001") { id name category price } }`);
    expect(product).toMatchObject({
      id: "1001",
      name: shop.products[0].name,
      category: shop.products[0].category,
      price: shop.products[0].price,
    });
  });

  it("answers an unknown product with NOT_FOUND", async () => {
    const result = await h.run(`{ product(id: "nope") { id } }`);
    expect(h.errorCode(result)).toBe("NOT_FOUND");
    expect(result.errors![0].message).toBe('no product with id "nope"');
  });

  it("describes the model being served, every figure a typed field", async () => {
    const { modelInfo } = await h.data<Info>(`{ modelInfo {
      version factors customers products source { format input } tuning { trials }
      dataRange { first last }
      counts { customers products interactions pairs baskets rules }
      settings { factors iterations alpha scaling epsilon regularization regularizationExponent recencyHalfLifeDays
                 eventWeights { view cart purchase quantityExponent } seed solver cgSteps }
      training { seconds secondsPerIteration finalLoss lossHistory ruleSeconds }
    } }`);
    const stored = h.store.models.load()!;
    expect(modelInfo).toMatchObject({ version: 1, factors: 16, tuning: null });
    // Where the data came from, by name only: never a path of the server's disk.
    expect(modelInfo.source).toEqual({ format: "trio", input: expect.not.stringContaining("/") });
    expect(modelInfo.settings).toEqual({
      factors: 16,
      iterations: 8,
      alpha: stored.params.alpha,
      scaling: stored.params.scaling,
      epsilon: stored.params.epsilon,
      regularization: stored.params.regularization,
      regularizationExponent: stored.params.regularizationExponent,
      recencyHalfLifeDays: 0,
      eventWeights: stored.params.eventWeights,
      seed: stored.params.seed,
      solver: "cg",
      cgSteps: stored.params.cgSteps,
    });
    expect(modelInfo.counts).toEqual({
      customers: stored.stats.customers,
      products: stored.stats.products,
      interactions: stored.stats.interactions,
      pairs: stored.stats.pairs,
      baskets: stored.stats.baskets,
      rules: stored.stats.rules,
    });
    expect(modelInfo.training.finalLoss).toBe(stored.stats.finalLoss);
    expect(modelInfo.training.lossHistory).toHaveLength(8);
    const dates = shop.purchases.map((p) => p.purchase_date).sort();
    expect(modelInfo.dataRange!.first.slice(0, 10)).toBe(dates[0]);
    expect(modelInfo.dataRange!.last.slice(0, 10)).toBe(dates.at(-1));
  });
});
