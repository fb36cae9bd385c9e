/**
 * Merchandising rules through the API: each action, their composition on one list, the lists they
 * shape (recommendations, similarProducts, frequentlyBoughtTogether), and what the API refuses.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphqlHarness } from "../helpers/graphql";
import { trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let dbPath: string;
let customer: string;
let categories: string[];
beforeAll(async () => {
  const trained = await trainedModelFile();
  dbPath = trained.dbPath;
  h = graphqlHarness(dbPath);
  customer = h.holder.current.customers.ids.find((id) => h.services.recommendations.recommend(id, 10).items[0].source === "personalized")!;
  categories = [...new Set(trained.shop.products.map((p) => p.category))];
});
afterAll(() => h.close());
afterEach(async () => {
  for (const { name } of h.services.merchandising.rules()) h.services.merchandising.delete(name);
});

interface Item {
  product: { id: string; category: string; price: number };
  source: string;
  score: number;
  position: number;
  rules: string[];
}
const RECS = `query ($id: ID, $k: Int, $offset: Int, $placement: String) {
  recommendations(customerId: $id, k: $k, offset: $offset, placement: $placement) { product { id category price } source score position rules }
}`;
const UPSERT = `mutation ($rules: [MerchandisingRuleInput!]!) {
  upsertMerchandisingRules(rules: $rules) { name action activeNow scope { placements queries } }
}`;
const recs = async (vars: Record<string, unknown> = {}) =>
  (await h.data<{ recommendations: Item[] }>(RECS, { id: customer, k: 10, ...vars })).recommendations;
const upsert = (...rules: Record<string, unknown>[]) => h.data(UPSERT, { rules });
const ids = (items: Item[]) => items.map((i) => i.product.id);

describe("merchandising rules", () => {
  it("exclude products matching a condition from every list they scope", async () => {
    const before = await recs({ k: 30 });
    const top = before[0].product.category;
    await upsert({ name: "no-top", exclude: { condition: { categories: [top.toUpperCase()] } } });
    const after = await recs({ k: 30 });
    expect(after.length).toBe(30);
    expect(after.some((i) => i.product.category === top)).toBe(false);
    // The rest keep their order.
    expect(ids(after).slice(0, 5)).toEqual(ids(before.filter((i) => i.product.category !== top)).slice(0, 5));
  });

  it("boost matching products up by a factor on the score, each saying which rule moved it, with the model's own score", async () => {
    const before = await recs({ k: 50 });
    const target = before.slice(10).find((i) => i.score > 0)!;
    await upsert({ name: "lift", boost: { condition: { productIds: [target.product.id] }, factor: 1000 } });
    const after = await recs({ k: 10 });
    expect(after[0].product.id).toBe(target.product.id);
    expect(after[0].rules).toEqual(["lift"]);
    expect(after[0].score).toBeCloseTo(target.score, 5);
    expect(after.slice(1).every((i) => i.rules.length === 0)).toBe(true);
  });

  it("bury matching products by a factor, or to the end of the list", async () => {
    const before = await recs({ k: 20 });
    const first = before[0].product.id;
    await upsert({ name: "down", bury: { condition: { productIds: [first] }, factor: 0.01 } });
    expect(ids(await recs({ k: 10 }))[0]).not.toBe(first);
    await upsert({ name: "down", bury: { condition: { productIds: [first] } } });
    const pages = [...(await recs({ k: 100 })), ...(await recs({ k: 100, offset: 100 }))];
    expect(pages.at(-1)!.product.id === first || !ids(pages).includes(first)).toBe(true);
    expect(pages.find((i) => i.product.id === first)?.rules ?? ["down"]).toEqual(["down"]);
  });

  it("pin in-stock products at their positions, and leave out a pin of an unavailable one", async () => {
    const before = await recs({ k: 20 });
    const [a, b] = [before[12].product.id, before[15].product.id];
    await upsert({
      name: "pins",
      pin: {
        pins: [
          { productId: a, position: 1 },
          { productId: b, position: 5 },
        ],
      },
    });
    const after = await recs();
    expect(after[0]).toMatchObject({ product: { id: a }, rules: ["pins"], position: 1 });
    expect(after[4]).toMatchObject({ product: { id: b }, rules: ["pins"], position: 5 });
    expect(ids(after).filter((id) => id === a || id === b)).toHaveLength(2);
    await h.data(`mutation ($id: ID!) { upsertProducts(inputs: [{ id: $id, available: false }]) { id } }`, { id: a });
    try {
      expect(ids(await recs())).not.toContain(a);
    } finally {
      await h.data(`mutation ($id: ID!) { upsertProducts(inputs: [{ id: $id, available: true }]) { id } }`, { id: a });
    }
  });

  it("cap a category in the first positions (diversity)", async () => {
    await upsert({ name: "mix", diversity: { maxPerValue: 1, withinFirst: 5 } });
    const after = await recs();
    expect(new Set(after.slice(0, 5).map((i) => i.product.category)).size).toBe(5);
  });

  it("cap an attribute's values in the first positions", async () => {
    const before = await recs({ k: 10 });
    // Give the top six products one brand: at most two of them in the first four positions.
    const inputs = before.slice(0, 6).map((i) => ({ id: i.product.id, attributes: { brand: "Acme" } }));
    await h.data(`mutation ($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { id } }`, { inputs });
    try {
      await upsert({ name: "brands", diversity: { attribute: "brand", maxPerValue: 2, withinFirst: 4 } });
      const acme = new Set(inputs.map((i) => i.id));
      const after = await recs();
      expect(after.slice(0, 4).filter((i) => acme.has(i.product.id))).toHaveLength(2);
      expect(after.slice(4).find((i) => acme.has(i.product.id))!.rules).toEqual(["brands"]);
    } finally {
      await h.data(`mutation ($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { id } }`, {
        inputs: inputs.map((i) => ({ id: i.id, attributes: null })),
      });
    }
  });

  it("reserve 2 of 10 slots for the best-ranked products of a promoted set", async () => {
    const before = await recs({ k: 100 });
    const promoted = before.at(-1)!.product.category;
    const best = ids(before.filter((i) => i.product.category === promoted)).slice(0, 2);
    await upsert({ name: "promo", promotion: { condition: { categories: [promoted] }, slots: 2, per: 10 } });
    const after = await recs();
    expect([after[2].product.id, after[7].product.id]).toEqual(best);
    expect(after[2].rules).toEqual(["promo"]);
  });

  it("compose pin, diversity and promotion on one list, and page through it without repeating an item", async () => {
    const before = await recs({ k: 40 });
    const pinned = before[30].product.id;
    const promoted = before.at(-1)!.product.category;
    await upsert(
      { name: "a-pin", pin: { pins: [{ productId: pinned, position: 2 }] } },
      { name: "b-mix", diversity: { maxPerValue: 2, withinFirst: 10 } },
      { name: "c-promo", promotion: { condition: { categories: [promoted] }, slots: 2 } },
    );
    const page1 = await recs({ k: 10 });
    expect(page1[1]).toMatchObject({ product: { id: pinned }, rules: ["a-pin"] });
    expect([page1[2], page1[7]].every((i) => i.product.category === promoted && i.rules.includes("c-promo"))).toBe(true);
    const perCategory = new Map<string, number>();
    for (const i of page1) perCategory.set(i.product.category, (perCategory.get(i.product.category) ?? 0) + 1);
    // Pins and promotions keep their slots, and count towards the cap of two per category that the
    // rest keeps; only the second promoted slot, filled after the cap was reached, may make a third.
    for (const [category, count] of perCategory) expect(count).toBeLessThanOrEqual(category === promoted ? 3 : 2);
    const pages = [page1, await recs({ k: 10, offset: 10 }), await recs({ k: 10, offset: 20 })].flat();
    expect(new Set(ids(pages)).size).toBe(30);
    expect(ids(pages)).toEqual(ids(await recs({ k: 30 })));
    expect(pages.map((i) => i.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("apply only within their scope (placement) and schedule", async () => {
    const top = (await recs())[0].product.id;
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const result = await upsert(
      { name: "cart-only", scope: { placements: ["cart"] }, exclude: { condition: { productIds: [top] } } },
      { name: "tomorrow", activeFrom: later, exclude: { condition: { productIds: [top] } } },
    );
    expect(result).toMatchObject({
      upsertMerchandisingRules: [
        { name: "cart-only", activeNow: true },
        { name: "tomorrow", activeNow: false },
      ],
    });
    expect(ids(await recs({ placement: "home" }))[0]).toBe(top);
    expect(ids(await recs({ placement: "cart" }))).not.toContain(top);
  });

  it("apply to a customer's RFM segment only when the rule names it", async () => {
    const top = (await recs())[0].product.id;
    const segment = h.store.segments.rfm(h.holder.current.id, customer)!.label;
    const other = ["Champions", "Hibernating"].find((s) => s !== segment)!;
    await upsert({ name: "theirs", scope: { segments: [segment] }, exclude: { condition: { productIds: [top] } } });
    expect(ids(await recs())).not.toContain(top);
    await upsert({ name: "theirs", scope: { segments: [other] }, exclude: { condition: { productIds: [top] } } });
    expect(ids(await recs())[0]).toBe(top);
  });

  it("shape similarProducts and frequentlyBoughtTogether, with a curated list leading or replacing the model's", async () => {
    const SIMILAR = `query ($id: ID!) { similarProducts(productId: $id, k: 5) { product { id } rules } }`;
    const TOGETHER = `query ($id: ID!) { frequentlyBoughtTogether(productId: $id, k: 5) { product { id } rules confidence } }`;
    const seed = (await recs())[0].product.id;
    const similar = (await h.data<{ similarProducts: { product: { id: string } }[] }>(SIMILAR, { id: seed })).similarProducts.map(
      (s) => s.product.id,
    );
    const curated = (await recs({ k: 30 })).slice(20, 22).map((i) => i.product.id);
    await upsert({ name: "with", curated: { seedProductId: seed, productIds: curated } });
    const led = await h.data<{ similarProducts: { product: { id: string }; rules: string[] }[] }>(SIMILAR, { id: seed });
    expect(led.similarProducts.map((s) => s.product.id)).toEqual(
      [...curated, ...similar.filter((id) => !curated.includes(id))].slice(0, 5),
    );
    expect(led.similarProducts[0].rules).toEqual(["with"]);
    await upsert({ name: "with", curated: { seedProductId: seed, productIds: curated, mode: "REPLACE" } });
    const together = await h.data<{ frequentlyBoughtTogether: { product: { id: string }; rules: string[] }[] }>(TOGETHER, { id: seed });
    expect(together.frequentlyBoughtTogether.map((s) => s.product.id)).toEqual(curated);
    // A rule scoped to recommendations leaves these lists alone.
    await h.services.merchandising.delete("with");
    await upsert({ name: "recs-only", scope: { queries: ["RECOMMENDATIONS"] }, exclude: { condition: { productIds: [similar[0]] } } });
    const again = await h.data<{ similarProducts: { product: { id: string } }[] }>(SIMILAR, { id: seed });
    expect(again.similarProducts[0].product.id).toBe(similar[0]);
  });

  it("are seen by another server process on the same file at its next request, and gone there once deleted", async () => {
    const other = graphqlHarness(dbPath);
    try {
      const read = async () => (await other.data<{ recommendations: Item[] }>(RECS, { id: customer, k: 10 })).recommendations;
      const top = ids(await read())[0];
      await upsert({ name: "elsewhere", exclude: { condition: { productIds: [top] } } });
      expect(ids(await read())).not.toContain(top);
      await h.data(`mutation { deleteMerchandisingRule(name: "elsewhere") }`);
      expect(ids(await read())[0]).toBe(top);
    } finally {
      await other.close();
    }
  });

  it("list every rule as written, and delete one by name (NOT_FOUND for a name it does not hold)", async () => {
    await upsert({ name: "x", ruleSet: "test", boost: { condition: { minPrice: 50, maxPrice: 100 }, factor: 2 } });
    const { merchandisingRules } = await h.data<{ merchandisingRules: unknown[] }>(
      `{ merchandisingRules { name ruleSet action boost { factor condition { minPrice maxPrice productIds } } } }`,
    );
    expect(merchandisingRules).toEqual([
      { name: "x", ruleSet: "test", action: "BOOST", boost: { factor: 2, condition: { minPrice: 50, maxPrice: 100, productIds: null } } },
    ]);
    const missing = await h.run(`mutation { deleteMerchandisingRule(name: "nope") }`);
    expect(h.errorCode(missing)).toBe("NOT_FOUND");
  });
});

describe("merchandising rules that cannot be applied", () => {
  const refused = async (rules: Record<string, unknown>[], message: RegExp) => {
    const result = await h.run(UPSERT, { rules });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(message);
    expect(h.services.merchandising.rules().map((r) => r.name)).not.toContain("bad");
  };

  it("are refused with BAD_USER_INPUT naming the field, and nothing of the call is stored", async () => {
    const product = h.holder.current.products.idAt(0);
    await refused(
      [
        { name: "ok", exclude: { condition: { productIds: [product] } } },
        { name: "bad", pin: { pins: [{ productId: "no-such-product", position: 1 }] } },
      ],
      /rules\[1\]\.pin\.pins\[0\]\.productId names "no-such-product"/,
    );
    expect(h.services.merchandising.rules()).toEqual([]);
    await refused(
      [
        {
          name: "bad",
          pin: {
            pins: [
              { productId: product, position: 2 },
              { productId: h.holder.current.products.idAt(1), position: 2 },
            ],
          },
        },
      ],
      /rules\[0\]\.pin\.pins\[1\]\.position repeats position 2/,
    );
    await refused(
      [{ name: "bad", promotion: { condition: { categories: [categories[0]] }, slots: 11, per: 10 } }],
      /rules\[0\]\.promotion\.slots .*at most 100%/,
    );
    await refused([{ name: "bad" }], /rules\[0\] must give exactly one action/);
    await refused([{ name: "bad", exclude: { condition: {} } }], /rules\[0\]\.exclude\.condition must give at least one/);
    await refused(
      [{ name: "bad", boost: { condition: { categories: [categories[0]] }, factor: 0.5 } }],
      /rules\[0\]\.boost\.factor must be above 1/,
    );
    await refused(
      [
        {
          name: "bad",
          activeFrom: "2027-01-02T00:00:00Z",
          activeTo: "2027-01-01T00:00:00Z",
          exclude: { condition: { productIds: [product] } },
        },
      ],
      /rules\[0\]\.activeFrom must be before activeTo/,
    );
    await refused(
      [{ name: "bad", scope: { segments: ["Whales"] }, exclude: { condition: { productIds: [product] } } }],
      /rules\[0\]\.scope\.segments\[0\] must be an RFM segment/,
    );
    await refused(
      [
        {
          name: "bad",
          scope: { queries: ["RECOMMENDATIONS"] },
          curated: { seedProductId: product, productIds: [h.holder.current.products.idAt(1)] },
        },
      ],
      /curated list may name similarProducts and frequentlyBoughtTogether only/,
    );
  });

  it("are refused when they collide with a stored rule that may shape the same lists", async () => {
    const [p, q] = [h.holder.current.products.idAt(0), h.holder.current.products.idAt(1)];
    await upsert(
      { name: "first", pin: { pins: [{ productId: p, position: 3 }] } },
      { name: "half", promotion: { condition: { categories: [categories[0]] }, slots: 6 } },
    );
    await refused(
      [{ name: "bad", pin: { pins: [{ productId: q, position: 3 }] } }],
      /rules\[0\]\.pin\.pins\[0\]\.position 3 collides with rule "first"/,
    );
    await refused([{ name: "bad", promotion: { condition: { categories: [categories[1]] }, slots: 5 } }], /reserves 110% of the slots/);
    // Rules on different placements do not meet.
    await upsert(
      { name: "home", scope: { placements: ["home"] }, pin: { pins: [{ productId: q, position: 4 }] } },
      { name: "cart", scope: { placements: ["cart"] }, pin: { pins: [{ productId: p, position: 4 }] } },
    );
    await refused(
      [{ name: "bad", scope: { placements: ["cart", "checkout"] }, pin: { pins: [{ productId: q, position: 4 }] } }],
      /collides with rule "cart"/,
    );
  });
});
