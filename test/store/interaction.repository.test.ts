import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_EVENT_WEIGHTS, type InteractionRecord } from "../../src/domain/records";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { loadWeightMatrix } from "../../src/training/weight-matrix";
import { Store } from "../../src/store";
import { IS_PURCHASE } from "../../src/store/sql";

const DAY = 86_400_000;
let store: Store;

function purchase(customerId: string, productId: string, day: number, basketId: string | null, quantity = 1): InteractionRecord {
  return { customerId, productId, type: "purchase", quantity, unitPrice: 1, occurredAt: day * DAY, basketId, weight: null };
}

beforeEach(() => {
  store = Store.open(":memory:");
  store.catalog.upsertProducts(["A", "B", "C"].map((id) => ({ id, name: id, category: null, price: 1, rating: null })));
  store.customers.upsert([{ id: "1" }, { id: "2" }]);
  store.imports.insertMany(
    [
      purchase("1", "A", 1, "inv1"),
      purchase("1", "A", 1, "inv1", 3), // same product twice on one invoice: one order
      purchase("1", "A", 5, "inv2"),
      purchase("1", "A", 6, "Cinv2", -1), // a cancellation invoice
      purchase("1", "B", 7, "inv3"),
      purchase("2", "B", 2, null),
      purchase("2", "B", 2, null), // no invoice ids: each row counts
      { ...purchase("2", "C", 8, null), type: "view", quantity: 1 },
    ],
    "import",
  );
});

function weights(filter = {}, eventWeights = DEFAULT_EVENT_WEIGHTS) {
  const sums: Record<string, number> = {};
  store.interactions.forEachOrderEvent(eventWeights, filter, (e) => {
    const key = `${e.customerId}:${e.productId}`;
    sums[key] = (sums[key] ?? 0) + e.weight;
  });
  return sums;
}

describe("pair weights", () => {
  it("count each invoice once and subtract cancellation invoices", () => {
    expect(weights()).toEqual({ "1:A": 2 - 1, "1:B": 1, "2:B": 2, "2:C": DEFAULT_EVENT_WEIGHTS.view });
    expect(store.interactions.latestTime({})).toBe(8 * DAY);
  });

  it("weigh an order by its net quantity to the quantity exponent, and each event type by its weight", () => {
    // 1:A: inv1 holds 1 + 3 = 4, inv2 holds 1, Cinv2 takes 1 back; 2:C is one view.
    const linear = { ...DEFAULT_EVENT_WEIGHTS, quantityExponent: 1 };
    expect(weights({}, linear)).toMatchObject({ "1:A": 4 + 1 - 1, "2:B": 2 });
    const sqrt = { ...DEFAULT_EVENT_WEIGHTS, quantityExponent: 0.5, view: 0.3 };
    expect(weights({}, sqrt)["1:A"]).toBeCloseTo(2 + 1 - 1, 12);
    expect(weights({}, sqrt)["2:C"]).toBeCloseTo(0.3, 12);
  });

  it("a temporal filter keeps only what happened before the cutoff", () => {
    expect(weights({ before: 5 * DAY })).toEqual({ "1:A": 1, "2:B": 2 });
  });

  it("leave-last-basket-out drops each customer's last purchase and what came after it", () => {
    expect(weights({ beforeOwnLastPurchase: true })).toEqual({ "1:A": 2 - 1 });
    expect(store.interactions.heldOutPurchases({ beforeOwnLastPurchase: true })).toEqual(
      expect.arrayContaining([
        { customerId: "1", productId: "B" },
        { customerId: "2", productId: "B" },
      ]),
    );
  });

  it("gives fold-in the same order events as training", () => {
    const mine: string[] = [];
    store.interactions.forEachOrderEvent(
      DEFAULT_EVENT_WEIGHTS,
      {},
      (e) => e.customerId === "1" && mine.push(`${e.productId}:${e.weight}:${e.time}`),
    );
    const events = store.interactions.customerEvents("1", DEFAULT_EVENT_WEIGHTS).map((e) => `${e.productId}:${e.weight}:${e.time}`);
    expect(events.sort()).toEqual(mine.sort());
  });
});

describe("the training weight matrix", () => {
  it("decays each order by its age before the newest interaction", () => {
    // Newest interaction: day 8. Customer 1, product A: +1 on day 1, +1 on day 5, -1 on day 6.
    const { customers, products, weights, reference } = loadWeightMatrix(
      store,
      { ...DEFAULT_TRAINING_OPTIONS, recencyHalfLifeDays: 2 },
      {},
    );
    expect(reference).toBe(8 * DAY);
    const at = (c: string, p: string) => {
      const u = customers.indexOf(c)!;
      for (let q = weights.indptr[u]; q < weights.indptr[u + 1]; q++)
        if (weights.indices[q] === products.indexOf(p)) return weights.data[q];
      return undefined;
    };
    // 2^(-7/2) + 2^(-3/2) - 2^(-2/2) < 0: the cancellation, being recent, outweighs: no positive pair.
    expect(at("1", "A")).toBeUndefined();
    expect(at("1", "B")).toBeCloseTo(2 ** (-1 / 2), 12);
    expect(at("2", "B")).toBeCloseTo(2 * 2 ** (-6 / 2), 12);
  });
});

describe("what came after a model version's data cut", () => {
  it("is what the API recorded after it, never an imported row, whatever its id", () => {
    const cut = store.interactions.maxId(); // the eight imported rows
    store.interactions.insert({ ...purchase("2", "A", 9, null), type: "view" }, "live");
    store.imports.insertMany([purchase("1", "C", 10, "inv4")], "import"); // imported after the cut, as a re-import would
    expect(store.interactions.customerEvents("2", DEFAULT_EVENT_WEIGHTS, cut)).toEqual([
      { productId: "A", weight: DEFAULT_EVENT_WEIGHTS.view, time: 9 * DAY },
    ]);
    expect(store.interactions.customerEvents("1", DEFAULT_EVENT_WEIGHTS, cut)).toEqual([]);
    expect(store.interactions.customerEvents("1", DEFAULT_EVENT_WEIGHTS).map((e) => e.productId)).toContain("C"); // the whole history
    expect(store.interactions.customersAfterCut(cut)).toEqual([{ customerId: "2", lastPurchase: null }]);
    expect(store.interactions.customersAfterCut(0)).toEqual([{ customerId: "2", lastPurchase: null }]);
  });
});

describe("baskets", () => {
  it("are orders (or customer-days without order ids) plus anonymous order lines, without cancellations", () => {
    store.imports.insertAnonymousLines(
      [
        { basketId: "inv9", productId: "A", quantity: 2, unitPrice: 1, occurredAt: 3 * DAY },
        { basketId: "inv9", productId: "C", quantity: 1, unitPrice: 1, occurredAt: 3 * DAY },
      ],
      "import",
    );
    const baskets = new Map<string, string[]>();
    store.interactions.forEachBasketItem((basket, product) => baskets.set(basket, [...(baskets.get(basket) ?? []), product]));
    expect(Object.fromEntries(baskets)).toEqual({
      "o:inv1": ["A"],
      "o:inv2": ["A"],
      "o:inv3": ["B"],
      "o:inv9": ["A", "C"],
      "c:2:2": ["B"],
    });
  });
});

describe("purchase summaries", () => {
  it("count orders, the last purchase and spend net of cancellations, at the list price where a line has none", () => {
    store.catalog.upsertProducts([{ id: "D", name: "D", category: null, price: 7, rating: null }]);
    store.imports.insertMany([{ ...purchase("2", "D", 9, null, 2), unitPrice: null }], "import");
    const byCustomer = Object.fromEntries(store.interactions.purchaseSummaries(Number.MAX_SAFE_INTEGER).map((s) => [s.customerId, s]));
    // Customer 1: inv1 (1 + 3), inv2 (1), Cinv2 (−1), inv3 (1) at 1 each; three orders, the last on day 7.
    expect(byCustomer["1"]).toEqual({ customerId: "1", lastPurchase: 7 * DAY, orders: 3, spend: 5 });
    // Customer 2: two lines on day 2 without an order id (one order), and 2 × D at its list price 7 on day 9.
    expect(byCustomer["2"]).toEqual({ customerId: "2", lastPurchase: 9 * DAY, orders: 2, spend: 2 + 14 });
    expect(store.interactions.purchaseSummaries(Number.MAX_SAFE_INTEGER, "2")).toEqual([byCustomer["2"]]);
  });
});

describe("a customer's purchased products", () => {
  it("are the products of purchases with a positive quantity within bounds, each once", () => {
    store.imports.insertMany(
      [
        purchase("1", "C", 20, "inv20", 2),
        purchase("1", "C", 21, "inv21", 1),
        purchase("1", "B", 22, "inv22", -1),
        { ...purchase("1", "C", 23, "inv23", 1), type: "cart" },
        { ...purchase("2", "A", 24, "inv24", 1), weight: 1e308 },
      ],
      "import",
    );
    expect(store.interactions.purchasedProducts("1").sort()).toEqual(["A", "B", "C"]);
    expect(store.interactions.purchasedProducts("2")).toEqual(["B"]);
    expect(store.interactions.purchasedProducts("nobody")).toEqual([]);
  });

  it("are read from an index alone, not row by row from the table", () => {
    const plan = store.db
      .prepare(`EXPLAIN QUERY PLAN SELECT DISTINCT product_id FROM interactions i WHERE i.customer_id = ? AND ${IS_PURCHASE}`)
      .all("1") as { detail: string }[];
    expect(plan.map((p) => p.detail).join("; ")).toMatch(/USING COVERING INDEX purchases_by_customer_product \(customer_id=\?\)/);
  });
});

describe("rows out of bounds (stored before the bounds were checked)", () => {
  it("count for nothing in purchase summaries, pair weights and baskets, and are counted", () => {
    store.catalog.upsertProducts([{ id: "E", name: "E", category: null, price: 1e308, rating: null }]);
    store.imports.insertMany(
      [
        { ...purchase("1", "A", 10, "inv7", 2), unitPrice: 1e308 },
        { ...purchase("1", "B", 11, "inv8", 1e300) },
        { ...purchase("1", "C", 12, "inv9", 1), unitPrice: -1 },
        { ...purchase("1", "A", 12, "inv11", 1), weight: 1e308 },
        // Within bounds itself, at a list price that is not: counted at no price.
        { ...purchase("1", "E", 13, "inv10", 2), unitPrice: null },
      ],
      "import",
    );
    expect(store.interactions.countOutOfBounds(Number.MAX_SAFE_INTEGER)).toBe(4);
    // Customer 1 as in "purchase summaries" above (three orders, spend 5), plus inv10 on day 13 at no price.
    expect(store.interactions.purchaseSummaries(Number.MAX_SAFE_INTEGER, "1")).toEqual([
      { customerId: "1", lastPurchase: 13 * DAY, orders: 4, spend: 5 },
    ]);
    expect(weights()).toEqual({ "1:A": 1, "1:B": 1, "1:E": 1, "2:B": 2, "2:C": DEFAULT_EVENT_WEIGHTS.view });
    const baskets: string[] = [];
    store.interactions.forEachBasketItem((basket) => baskets.push(basket));
    expect(baskets).toEqual(["c:2:2", "o:inv1", "o:inv10", "o:inv2", "o:inv3"]);
    expect(store.interactions.lastImportedPurchase(Number.MAX_SAFE_INTEGER)).toBe(13 * DAY);
  });
});

describe("bulk inserts", () => {
  it("give rows ids in order across statement batches, with every value", () => {
    const records = Array.from({ length: 250 }, (_, i) => purchase(i % 2 ? "1" : "2", "ABC"[i % 3], i, `b${i}`, i + 1));
    const before = store.interactions.maxId();
    expect(store.imports.insertMany(records, "import")).toBe(250);
    const rows = store.db
      .prepare<[number], { id: number; quantity: number; basket_id: string; occurred_at: number; idempotency_key: string | null }>(
        `SELECT id, quantity, basket_id, occurred_at, idempotency_key FROM interactions WHERE id > ? ORDER BY id`,
      )
      .all(before);
    expect(rows.map((r) => r.quantity)).toEqual(records.map((r) => r.quantity));
    expect(rows.map((r) => r.id)).toEqual(records.map((_, i) => before + 1 + i));
    expect(rows[249]).toMatchObject({ basket_id: "b249", occurred_at: 249 * DAY, idempotency_key: null });
  });

  it("can drop the interactions' indexes in a transaction and rebuild them as they were", () => {
    const schema = () => store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE tbl_name = 'interactions' ORDER BY name`).all();
    const before = schema();
    expect(before.length).toBeGreaterThan(3);
    expect(() => store.imports.dropIndexes()).toThrow(/transaction/);
    store.transaction(() => {
      const rebuild = store.imports.dropIndexes();
      expect(schema()).toHaveLength(1); // the table alone
      rebuild();
    });
    expect(schema()).toEqual(before);
    // A failed transaction leaves them too.
    expect(() =>
      store.transaction(() => {
        store.imports.dropIndexes();
        throw new Error("stop");
      }),
    ).toThrow("stop");
    expect(schema()).toEqual(before);
  });
});
