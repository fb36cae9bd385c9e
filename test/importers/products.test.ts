import path from "node:path";
import { describe, expect, it } from "vitest";
import { importProducts } from "../../src/importers/products.importer";
import { tempDir } from "../helpers/paths";

function file(text: string): string {
  return path.join(tempDir({ "products.csv": text }), "products.csv");
}

describe("the products importer", () => {
  it("reads each product's columns, a later row's non-empty values winning", () => {
    const { products, report } = importProducts(
      file(
        [
          "product_id,name,category,price,rating,currency,image_url,url,available",
          "A1,Atlas,Books,24.5,4.5,EUR,https://cdn.example.com/a1.jpg,https://shop.example.com/a1,in stock",
          "B2,,,,,,,,",
          "A1,,,19.9,,,,,false",
        ].join("\n"),
      ),
    );
    expect(products).toEqual([
      {
        id: "A1",
        name: "Atlas",
        category: "Books",
        price: 19.9,
        rating: 4.5,
        currency: "EUR",
        imageUrl: "https://cdn.example.com/a1.jpg",
        url: "https://shop.example.com/a1",
        available: false,
      },
      { id: "B2", name: "B2", category: null, price: null, rating: null },
    ]);
    expect(report.rowsRead).toBe(3);
    expect(report.skippedTotal).toBe(0);
  });

  it("counts every row it cannot use, by reason, and keeps the rest", () => {
    const { products, report } = importProducts(
      file(
        [
          "product_id,price,currency,url,available",
          ",1,,,",
          "P1,-3,,,",
          "P2,1e308,,,",
          "P3,1,eur,,",
          "P4,1,,ftp://example.com/p4,",
          "P5,1,,,maybe",
          "P6,1,USD,https://shop.example.com/p6,1",
        ].join("\n"),
      ),
    );
    expect(products.map((p) => p.id)).toEqual(["P6"]);
    expect(report.skipped.map((s) => [s.reason, s.count])).toEqual([
      ["invalid price", 2],
      ["invalid available (expected true or false, yes or no, in stock or out of stock)", 1],
      ["invalid currency (expected an ISO 4217 code such as EUR)", 1],
      ["invalid url (expected an absolute http or https URL)", 1],
      ["row without product_id", 1],
    ]);
  });

  it("refuses a file without a product_id column, naming what it expected", () => {
    expect(() => importProducts(file("name,price\nA,1\n"))).toThrow(/product_id/);
  });
});
