import path from "node:path";
import { describe, expect, it } from "vitest";
import { importEvents } from "../../src/importers/events.importer";
import { tempDir } from "../helpers/paths";

function file(text: string): string {
  return path.join(tempDir({ "events.csv": text }), "events.csv");
}

describe("the events importer", () => {
  it("needs only customer_id and product_id, defaulting to a purchase of one", async () => {
    const data = await importEvents(file("product_id,customer_id\nP1,C1\nP2,C1\n"));
    expect(data.interactions).toEqual([
      expect.objectContaining({ customerId: "C1", productId: "P1", type: "purchase", quantity: 1, occurredAt: null, weight: null }),
      expect.objectContaining({ productId: "P2" }),
    ]);
    expect(data.products.map((p) => p.id)).toEqual(["P1", "P2"]);
  });

  it("takes product details from optional product columns, the latest non-empty value of each winning", async () => {
    const data = await importEvents(
      file(
        [
          "customer_id,product_id,name,category,price,currency,image_url,url,available",
          "C1,P1,Blue Mug,Kitchen,5,EUR,https://cdn.example.com/p1.jpg,https://shop.example.com/p1,yes",
          "C2,P1,,,6,,,,out of stock",
          "C2,P2,,,,,,,",
          "C3,P3,Bad Link,Toys,1,EUR,javascript:alert(1),,",
          "C3,P4,Odd Money,Toys,1,euro,,,",
        ].join("\n"),
      ),
    );
    expect(data.products).toEqual([
      {
        id: "P1",
        name: "Blue Mug",
        category: "Kitchen",
        price: 6,
        rating: null,
        currency: "EUR",
        imageUrl: "https://cdn.example.com/p1.jpg",
        url: "https://shop.example.com/p1",
        available: false,
      },
      { id: "P2", name: "P2", category: null, price: null, rating: null },
    ]);
    expect(data.report.skippedFor("invalid image_url (expected an absolute http or https URL)")).toBe(1);
    expect(data.report.skippedFor("invalid currency (expected an ISO 4217 code such as EUR)")).toBe(1);
  });

  it("reads the optional columns", async () => {
    const data = await importEvents(
      file(
        [
          "customer_id,product_id,event_type,quantity,weight,price,timestamp",
          "C1,P1,view,,,,2024-03-01T10:00:00Z",
          "C1,P1,add_to_cart,2,,9.5,2024-03-01T10:05:00Z",
          "C1,P1,purchase,2,3,9.5,1709287800",
        ].join("\n"),
      ),
    );
    expect(data.report.skippedTotal).toBe(0);
    expect(data.interactions.map((i) => i.type)).toEqual(["view", "cart", "purchase"]);
    expect(data.interactions[1]).toMatchObject({ quantity: 2, unitPrice: 9.5 });
    expect(data.interactions[2]).toMatchObject({ weight: 3, occurredAt: 1709287800000 });
    expect(data.products[0].price).toBe(9.5);
  });

  it("counts bad rows by reason", async () => {
    const data = await importEvents(
      file(
        [
          "customer_id,product_id,event_type,quantity,weight,price,timestamp",
          "C1,P1,wishlist,,,,",
          ",P1,view,,,,",
          "C1,,view,,,,",
          "C1,P1,view,-1,,,",
          "C1,P1,purchase,1,-4,,",
          "C1,P1,purchase,1,,free,",
          "C1,P1,purchase,1,,,tomorrow",
          "C2,P2,purchase,1,,,",
        ].join("\n"),
      ),
    );
    expect(data.interactions).toHaveLength(1);
    expect(data.report.skippedTotal).toBe(7);
    expect(data.report.skipped.map((s) => s.count)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("counts quantities, prices and timestamps out of bounds as bad rows, with the reason, and keeps returns", async () => {
    const data = await importEvents(
      file(
        [
          "customer_id,product_id,event_type,quantity,price,timestamp",
          "C1,P1,purchase,2,1e308,2024-03-01",
          "C1,P1,purchase,1000001,5,2024-03-01",
          "C1,P1,purchase,-1000001,5,2024-03-01",
          "C1,P1,view,1.5,,2024-03-01",
          "C1,P1,purchase,1,5,1985-03-01",
          "C1,P1,purchase,1,5,2199-03-01",
          "C1,P1,purchase,1000000,5,2024-03-01",
          "C1,P1,purchase,-3,5,2024-03-02",
        ].join("\n"),
      ),
    );
    expect(data.interactions.map((i) => i.quantity)).toEqual([1_000_000, -3]);
    expect(data.report.skipped.map((s) => [s.reason, s.count])).toEqual([
      ["quantity must be a whole number from 1 to 1000000 (negative for a cancellation or return)", 3],
      ["invalid price", 1],
      ["timestamp must not be before 1990-01-01, the earliest date accepted", 1],
      ["timestamp must not be more than 24 hours in the future", 1],
    ]);
  });

  it("counts weights outside 0 to 1000000 as bad rows, keeping the bounds themselves", async () => {
    const data = await importEvents(
      file(
        ["customer_id,product_id,weight", "C1,P1,1e308", "C1,P1,1000000.5", "C1,P1,-0.5", "C1,P1,1000000", "C1,P1,0", "C1,P1,"].join("\n"),
      ),
    );
    expect(data.interactions.map((i) => i.weight)).toEqual([1_000_000, 0, null]);
    expect(data.report.skipped.map((s) => [s.reason, s.count])).toEqual([["weight must be a number from 0 to 1000000", 3]]);
  });

  it("refuses a file without the required columns", async () => {
    await expect(importEvents(file("user,item\n1,2\n"))).rejects.toThrow(/missing customer_id, product_id/);
  });
});
