import path from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";

const freshStore = () => Store.open(path.join(tempDir(), "shop.db"));

describe("the customers of a file", () => {
  it("keeps a stored browsing figure when a later import leaves it empty, and takes a new one", () => {
    const store = freshStore();
    store.customers.upsert([{ id: "c1", pageViews: 12, timeSpent: 30 }]);
    store.customers.upsert([{ id: "c1", pageViews: 20 }]);
    expect(store.customers.activityOf("c1")).toEqual({ pageViews: 20, timeSpent: 30 });
    expect(store.customers.activityOf("nobody")).toBeUndefined();
    store.close();
  });

  it("creates a customer once, telling whether this call created them", () => {
    const store = freshStore();
    expect(store.customers.exists("web-1")).toBe(false);
    expect(store.customers.ensure("web-1")).toBe(true);
    expect(store.customers.ensure("web-1")).toBe(false);
    expect(store.customers.exists("web-1")).toBe(true);
    expect(store.customers.count()).toBe(1);
    store.close();
  });

  it("lists the browsing figures of those who have any, and counts apart from the products", () => {
    const store = freshStore();
    store.customers.upsert([{ id: "a", pageViews: 3 }, { id: "b" }, { id: "c", timeSpent: 9 }]);
    store.catalog.upsertProducts([{ id: "p", name: "P", category: null, price: null, rating: null }]);
    expect(
      store.customers
        .activity()
        .map((r) => r.id)
        .sort(),
    ).toEqual(["a", "c"]);
    expect([store.customers.count(), store.catalog.count()]).toEqual([3, 1]);
    store.close();
  });
});
