import path from "node:path";
import { describe, expect, it } from "vitest";
import { importEvents } from "../../src/importers/events.importer";
import { importProductsFile, loadIntoStore } from "../../src/training/import.service";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";

const imported = (price: number, name: string) => ({ id: "1004", name, category: "Electronics", price, rating: null });

function freshStore(): Store {
  return Store.open(path.join(tempDir(), "shop.db"));
}

describe("imports and live catalogue changes", () => {
  it("leave the fields the API set to the API, and update the others from later imports", () => {
    const store = freshStore();
    store.catalog.upsertProducts([imported(10, "Webcam")]);
    // A stock feed marks it out of stock through the API.
    store.catalog.applyChanges([{ id: "1004", available: false }]);
    store.catalog.upsertProducts([{ ...imported(12, "Portable Webcam"), available: true }]);
    expect(store.catalog.product("1004")).toMatchObject({ available: false, price: 12, name: "Portable Webcam" });
    store.close();
  });

  it("change nothing when a live change gives only the id", () => {
    const store = freshStore();
    store.catalog.upsertProducts([imported(10, "Webcam")]);
    store.catalog.applyChanges([{ id: "1004" }]);
    store.catalog.upsertProducts([imported(12, "Portable Webcam")]);
    expect(store.catalog.product("1004")!.price).toBe(12);
    store.close();
  });

  it("keep a field the API cleared cleared", () => {
    const store = freshStore();
    const withImage = { ...imported(10, "Webcam"), imageUrl: "https://cdn.example.com/old.jpg" };
    store.catalog.upsertProducts([withImage]);
    store.catalog.applyChanges([{ id: "1004", imageUrl: null }]);
    store.catalog.upsertProducts([withImage]);
    expect(store.catalog.product("1004")!.imageUrl).toBeNull();
    store.close();
  });

  it("never replace a real name with the id an importer uses when its file names none", async () => {
    const dir = tempDir({
      "products.csv": "product_id,name,category\nA1,Atlas of the World,Books\n",
      "events.csv": "customer_id,product_id,event_type\nc1,A1,purchase\nc1,B2,purchase\n",
    });
    const store = Store.open(path.join(dir, "shop.db"));
    importProductsFile(store, path.join(dir, "products.csv"));
    loadIntoStore(store, await importEvents(path.join(dir, "events.csv")));
    expect(store.catalog.product("A1")!.name).toBe("Atlas of the World");
    // A product no file names is named by its id.
    expect(store.catalog.product("B2")!.name).toBe("B2");
    store.close();
  });
});
