import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { trainedModelFile, trainModelFile } from "./trained-store";

describe("the trained sample test files share", () => {
  it("is the model a fresh training of the small shop gives", async () => {
    const [copy, fresh] = await Promise.all([trainedModelFile(), trainModelFile()]);
    const [a, b] = [Store.open(copy.dbPath, { readonly: true }), Store.open(fresh.dbPath, { readonly: true })];
    const [ma, mb] = [a.models.load()!, b.models.load()!];
    expect(ma.params).toEqual(mb.params);
    expect(ma.customers.ids).toEqual(mb.customers.ids);
    expect(Array.from(ma.productFactors)).toEqual(Array.from(mb.productFactors));
    expect(a.rules.all(ma.id)).toEqual(b.rules.all(mb.id));
    expect(copy.shop).toEqual(fresh.shop);
    a.close();
    b.close();
  });

  it("is a copy of its own for each caller, beside the shop's trio files", async () => {
    const first = await trainedModelFile();
    const second = await trainedModelFile();
    expect(first.dbPath).not.toBe(second.dbPath);
    const writer = Store.open(first.dbPath);
    writer.catalog.upsertProducts([{ id: "NEW-1", name: "New", category: null, price: null, rating: null }]);
    writer.close();
    const reader = Store.open(second.dbPath, { readonly: true });
    expect(reader.reports.products().some((p) => p.productId === "NEW-1")).toBe(false);
    reader.close();
  });
});
