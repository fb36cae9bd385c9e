import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { AssociationRule, BoughtTogether, Product } from "../../web/src/generated/schema";

let h: ReturnType<typeof graphqlHarness>;
/** Baskets as the trio format defines them: one customer's purchases on one day. */
let baskets: Set<string>[];

beforeAll(async () => {
  let shop: Awaited<ReturnType<typeof openShopHarness>>["shop"];
  ({ h, shop } = await openShopHarness());
  const byKey = new Map<string, Set<string>>();
  for (const p of shop.purchases) {
    const key = `${p.customer_id}:${p.purchase_date}`;
    if (!byKey.has(key)) byKey.set(key, new Set());
    byKey.get(key)!.add(p.product_id);
  }
  baskets = [...byKey.values()];
});
afterAll(() => h.close());

const FBT = `query ($productId: ID!, $k: Int) {
  frequentlyBoughtTogether(productId: $productId, k: $k) { product { id } support confidence lift baskets }
}`;
const RULES = `query ($minSupport: Float, $minConfidence: Float, $minLift: Float, $k: Int) {
  associationRules(minSupport: $minSupport, minConfidence: $minConfidence, minLift: $minLift, k: $k) {
    antecedent { id } consequent { id } support confidence lift baskets
  }
}`;

type Rules = {
  associationRules: (Omit<AssociationRule, "antecedent" | "consequent"> & {
    antecedent: Pick<Product, "id">;
    consequent: Pick<Product, "id">;
  })[];
};
type Together = { frequentlyBoughtTogether: (Omit<BoughtTogether, "product"> & { product: Pick<Product, "id"> })[] };

function direct(a: string, b: string) {
  const withA = baskets.filter((s) => s.has(a)).length;
  const withB = baskets.filter((s) => s.has(b)).length;
  const both = baskets.filter((s) => s.has(a) && s.has(b)).length;
  return { both, support: both / baskets.length, confidence: both / withA, lift: both / withA / (withB / baskets.length) };
}

describe("associationRules", () => {
  it("lists rules by lift whose figures match a direct count over the baskets", async () => {
    const { associationRules } = await h.data<Rules>(RULES, { k: 20 });
    expect(associationRules.length).toBeGreaterThan(5);
    const lifts = associationRules.map((r) => r.lift);
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    for (const r of associationRules.slice(0, 8)) {
      const d = direct(r.antecedent.id, r.consequent.id);
      expect(r.baskets).toBe(d.both);
      expect(r.support).toBeCloseTo(d.support, 10);
      expect(r.confidence).toBeCloseTo(d.confidence, 10);
      expect(r.lift).toBeCloseTo(d.lift, 8);
    }
  });

  it("applies the thresholds asked for", async () => {
    const { associationRules } = await h.data<Rules>(RULES, { minConfidence: 0.5, minLift: 10, k: 1000 });
    expect(associationRules.length).toBeGreaterThan(0);
    for (const r of associationRules) {
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      expect(r.lift).toBeGreaterThanOrEqual(10);
    }
  });

  it.each([
    [{ minSupport: 2 }, /minSupport must be between 0 and 1/],
    [{ minConfidence: -0.1 }, /minConfidence must be between 0 and 1/],
    [{ minLift: -1 }, /minLift must be zero or more/],
    [{ k: 0 }, /k must be an integer from 1 to 1000/],
  ])("refuses %o with BAD_USER_INPUT", async (args, message) => {
    const result = await h.run(RULES, args);
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(message);
  });
});

describe("frequentlyBoughtTogether", () => {
  it("gives a product's basket companions, most confident first, with figures matching a direct count", async () => {
    const { associationRules } = await h.data<Rules>(RULES, { k: 1 });
    const productId = associationRules[0].antecedent.id;
    const { frequentlyBoughtTogether } = await h.data<Together>(FBT, { productId, k: 5 });
    expect(frequentlyBoughtTogether.length).toBeGreaterThan(0);
    const confidences = frequentlyBoughtTogether.map((r) => r.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const r of frequentlyBoughtTogether) {
      expect(r.product.id).not.toBe(productId);
      const d = direct(productId, r.product.id);
      expect(r.support).toBeCloseTo(d.support, 10);
      expect(r.confidence).toBeCloseTo(d.confidence, 10);
      expect(r.lift).toBeCloseTo(d.lift, 8);
    }
  });

  it("answers an unknown product with NOT_FOUND and a bad k with BAD_USER_INPUT", async () => {
    expect(h.errorCode(await h.run(FBT, { productId: "nope" }))).toBe("NOT_FOUND");
    expect(h.errorCode(await h.run(FBT, { productId: "1001", k: 0 }))).toBe("BAD_USER_INPUT");
  });
});
