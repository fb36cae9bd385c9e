import { beforeEach, describe, expect, it } from "vitest";
import type { InteractionRecord } from "../../src/domain/records";
import { type ImportChange, Store } from "../../src/store";

const DAY = 86_400_000;
let store: Store;

function purchase(customerId: string, productId: string, day: number): InteractionRecord {
  return {
    customerId,
    productId,
    type: "purchase",
    quantity: 1,
    unitPrice: 2.5,
    occurredAt: day * DAY,
    basketId: `inv${day}`,
    weight: null,
  };
}

const a = purchase("1", "A", 1);
const b = purchase("1", "B", 2);
const c = purchase("2", "A", 3);
const d = purchase("2", "C", 4);

/** The interactions as [id, origin, customer:product:day], in id order. */
function rows(): [number, string, string][] {
  return store.db
    .prepare<[], { id: number; origin: string; customer_id: string; product_id: string; occurred_at: number | null }>(
      `SELECT id, origin, customer_id, product_id, occurred_at FROM interactions ORDER BY id`,
    )
    .all()
    .map((r) => [r.id, r.origin, `${r.customer_id}:${r.product_id}:${r.occurred_at === null ? "-" : r.occurred_at / DAY}`]);
}

function replace(records: InteractionRecord[]): ImportChange {
  return store.transaction(() => store.imports.replaceImported(records));
}

beforeEach(() => {
  store = Store.open(":memory:");
  store.catalog.upsertProducts(["A", "B", "C"].map((id) => ({ id, name: id, category: null, price: 1, rating: null })));
  store.customers.upsert([{ id: "1" }, { id: "2" }]);
});

describe("a new import of interactions", () => {
  it("keeps every row it brings again, with its id", () => {
    expect(replace([a, b, c])).toEqual({ kept: 0, removed: 0, inserted: 3 });
    const before = rows();
    expect(replace([a, b, c])).toEqual({ kept: 3, removed: 0, inserted: 0 });
    expect(rows()).toEqual(before);
  });

  it("removes only the rows it no longer holds and adds only its new ones, in whatever order it brings them", () => {
    replace([a, b, c]);
    expect(replace([d, c, a])).toEqual({ kept: 2, removed: 1, inserted: 1 });
    expect(rows()).toEqual([
      [1, "import", "1:A:1"],
      [3, "import", "2:A:3"],
      [4, "import", "2:C:4"],
    ]);
    // Grown at its end, as a shop's export grows.
    expect(replace([d, c, a, b])).toEqual({ kept: 3, removed: 0, inserted: 1 });
    expect(rows().map((r) => r[0])).toEqual([1, 3, 4, 5]);
  });

  it("matches equal rows one for one", () => {
    replace([a, a]);
    expect(replace([a, a, a])).toEqual({ kept: 2, removed: 0, inserted: 1 });
    expect(replace([b, a])).toEqual({ kept: 1, removed: 2, inserted: 1 });
    const [kept, added] = rows();
    expect(kept).toEqual([expect.any(Number), "import", "1:A:1"]);
    expect([1, 2, 3]).toContain(kept[0]);
    expect(added).toEqual([4, "import", "1:B:2"]);
  });

  it("tells rows apart by every column of their content", () => {
    const variants: InteractionRecord[] = [
      { ...a, customerId: "2" },
      { ...a, productId: "B" },
      { ...a, type: "view" },
      { ...a, quantity: -1 },
      { ...a, unitPrice: null },
      { ...a, occurredAt: null },
      { ...a, basketId: null },
      { ...a, weight: 1 },
      // Fields that would read the same if they were simply joined.
      { ...a, basketId: "inv1,1", weight: null },
      { ...a, basketId: "inv1", weight: 1 },
    ];
    for (const variant of variants) {
      replace([a]);
      expect(replace([variant]), JSON.stringify(variant)).toEqual({ kept: 0, removed: 1, inserted: 1 });
    }
  });

  it("leaves interactions recorded live alone", () => {
    replace([a, b]);
    store.interactions.insert(c, "live");
    expect(replace([b])).toEqual({ kept: 1, removed: 1, inserted: 0 });
    expect(replace([])).toEqual({ kept: 0, removed: 1, inserted: 0 });
    expect(rows()).toEqual([[3, "live", "2:A:3"]]);
  });

  it("never gives an id twice, even after the rows with the highest ids were removed", () => {
    replace([a, b, c]);
    replace([a]);
    expect(store.interactions.insert(d, "live")).toBe(4);
    replace([a, b]);
    expect(rows().map((r) => r[0])).toEqual([1, 4, 5]);
  });

  it("runs only within a transaction", () => {
    expect(() => store.imports.replaceImported([a])).toThrow(/transaction/);
    expect(rows()).toEqual([]);
  });
});
