import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function twoConnections(): [Store, Store] {
  const file = path.join(tempDir(), "shop.db");
  const pair: [Store, Store] = [Store.open(file), Store.open(file)];
  stores.push(...pair);
  return pair;
}

function record(store: Store, customerId: string, origin: "live" | "import"): number {
  return store.transaction(() => {
    store.customers.ensure(customerId);
    store.catalog.upsertProducts([{ id: "p1", name: "One", category: null, price: 1, rating: null }]);
    return store.interactions.insert(
      { customerId, productId: "p1", type: "view", quantity: 1, unitPrice: 1, occurredAt: 0, basketId: null, weight: null },
      origin,
    );
  });
}

describe("the file's change counters", () => {
  it("move `others` only when another connection commits, and `own` only when this one writes", () => {
    const [reader, writer] = twoConnections();
    const start = reader.changes.mark();
    expect(reader.changes.mark()).toEqual(start);
    record(writer, "c1", "live");
    const afterOther = reader.changes.mark();
    expect(afterOther.others).not.toBe(start.others);
    expect(afterOther.own).toBe(start.own);
    record(reader, "c2", "live");
    const afterOwn = reader.changes.mark();
    expect(afterOwn.others).toBe(afterOther.others);
    expect(afterOwn.own).toBeGreaterThan(afterOther.own);
  });

  it("name the customers recorded through the API after an interaction id, not imported ones", () => {
    const [store] = twoConnections();
    expect(store.changes.lastInteractionId()).toBe(0);
    const first = record(store, "early", "live");
    record(store, "imported", "import");
    const last = record(store, "late", "live");
    record(store, "late", "live");
    expect(store.changes.liveCustomersAfter(first).sort()).toEqual(["late"]);
    expect(store.changes.liveCustomersAfter(0).sort()).toEqual(["early", "late"]);
    expect(store.changes.lastInteractionId()).toBe(last + 1);
  });
});
