import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSampleShop, writeTrioFiles } from "../../src/importers/sample-shop";
import { createServices, type Services } from "../../src/serving";
import { importAndTrain } from "../../src/training/pipeline.service";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";
import { FAST_TRAINING, SMALL_SHOP } from "../helpers/trained-store";

let store: Store;
let services: Services;
const NEW_BOOK = "9001";
const NO_CATEGORY = "9002";

beforeAll(async () => {
  const dir = tempDir();
  writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
  // Two products nobody has bought: one in a category, one without.
  fs.appendFileSync(
    path.join(dir, "product_details.csv"),
    `${NEW_BOOK},Books,19.99,4.5,Brand-New Novel\n${NO_CATEGORY},,5.00,,Mystery Item\n`,
  );
  const db = path.join(dir, "m.db");
  await importAndTrain(db, "trio", dir, { overrides: FAST_TRAINING });
  store = Store.open(db);
  services = createServices(store);
});
afterAll(() => store.close());

describe("products nobody has bought yet", () => {
  it("get their category's typical vector, so their similar products are mostly from that category", () => {
    // The mean of a category blends the tastes of everyone who buys it; with 10 categories, chance is 10%.
    const similar = services.catalog.similarProducts(NEW_BOOK, 10).items;
    expect(similar).toHaveLength(10);
    const books = similar.filter((s) => s.product.category === "Books").length;
    expect(books).toBeGreaterThanOrEqual(4);
  });

  it("can be recommended to customers whose taste runs to that category", () => {
    const model = services.holder.current;
    expect(model.products.indexOf(NEW_BOOK)).toBeGreaterThanOrEqual(model.trainedCount);
    const anyone = model.customers.ids.find((c) => {
      const recs = services.recommendations.recommend(c, 10, { filter: { categories: ["Books"] } }).items;
      return recs.some((r) => r.product.id === NEW_BOOK && r.source === "personalized");
    });
    expect(anyone).toBeDefined();
  });

  it("without a category, are reached only through popularity, last", () => {
    const model = services.holder.current;
    expect(
      model.popularOrder.at(-1) === model.products.indexOf(NO_CATEGORY) ||
        model.popularOrder.at(-2) === model.products.indexOf(NO_CATEGORY),
    ).toBe(true);
    expect(services.catalog.similarProducts(NO_CATEGORY, 5).items).toEqual([]);
    const customer = model.customers.ids[0];
    const all = services.recommendations.recommend(customer, 100, { filter: { excludeProductIds: [] } }).items;
    const ofIt = all.filter((r) => r.product.id === NO_CATEGORY);
    expect(ofIt).toHaveLength(1);
    expect(ofIt.every((r) => r.source === "popular")).toBe(true);
  });

  it("are not counted as trained products, and leave the stored model's index as it was", () => {
    const model = services.holder.current;
    expect(model.productCount).toBe(model.trainedCount + 2);
    expect(services.modelInfo.describe().products).toBe(model.trainedCount);
    expect(model.stored.products.indexOf(NEW_BOOK)).toBeUndefined();
  });

  it("take part in fold-in by their category's vector: a purchase of one makes the list personal at once", () => {
    services.interactions.recordInteraction({ customerId: "first-reader", productId: NEW_BOOK, type: "purchase" });
    const recs = services.recommendations.recommend("first-reader", 3).items;
    expect(recs.map((r) => r.source)).toEqual(["personalized", "personalized", "personalized"]);
    expect(services.recommendations.because(recs[0], 3).map((p) => p.id)).toEqual([NEW_BOOK]);
  });

  it("without a category have no vector, and a purchase of one changes nothing personal", () => {
    services.interactions.recordInteraction({ customerId: "odd-buyer", productId: NO_CATEGORY, type: "purchase" });
    // The purchase gives the new customer a zero vector and places them in a behaviour cluster: they
    // get that cluster's favourites, as a customer the model has no vector for does.
    const recs = services.recommendations.recommend("odd-buyer", 3).items;
    expect(recs.map((r) => r.source)).toEqual(["cluster", "cluster", "cluster"]);
    expect(recs.map((r) => r.product.id)).not.toContain(NO_CATEGORY);
  });
});
