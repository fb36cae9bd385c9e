import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importOnlineRetail, SKIP } from "../../src/importers/online-retail.importer";
import { DataFileError } from "../../src/domain/errors";
import { DATASETS, tempDir } from "../helpers/paths";

const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

function fixture(lines: string[]): string {
  const dir = tempDir({ "retail.csv": [HEADER, ...lines].join("\n") });
  return path.join(dir, "retail.csv");
}

describe("the Online Retail importer", () => {
  it("turns line items into purchases and cancellations into reversals", async () => {
    const data = await importOnlineRetail(
      fixture([
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
        '536366,22633,"HAND WARMER, UNION JACK",6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom',
        "C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2010-12-01 09:41:00,2.55,17850.0,United Kingdom",
        "536380,85123A,WHITE HANGING HEART T-LIGHT HOLDER,3,2010-12-02 10:00:00,2.95,13047.0,France",
      ]),
    );
    expect(data.report.skippedTotal).toBe(0);
    expect(data.interactions).toHaveLength(4);
    expect(data.interactions[0]).toMatchObject({
      customerId: "17850",
      productId: "85123A",
      quantity: 6,
      unitPrice: 2.55,
      basketId: "536365",
    });
    expect(data.interactions[2]).toMatchObject({ quantity: -2, basketId: "C536379", type: "purchase" });
    expect(data.products.find((p) => p.id === "22633")!.name).toBe("HAND WARMER, UNION JACK");
    expect(data.customers.find((c) => c.id === "13047")!.country).toBe("France");
  });

  it("treats stock codes written in two letter cases as one product, and reports the rows it merged", async () => {
    const data = await importOnlineRetail(
      fixture([
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
        "536366,85123a,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-01 08:28:00,2.55,13047.0,United Kingdom",
        "536367,85123a,WHITE HANGING HEART T-LIGHT HOLDER,1,2010-12-01 08:29:00,2.55,,United Kingdom",
        "536368,22633,HAND WARMER,6,2010-12-01 08:30:00,1.85,17850.0,United Kingdom",
      ]),
    );
    expect(data.products.map((p) => p.id).sort()).toEqual(["22633", "85123A"]);
    expect(data.interactions.map((i) => i.productId)).toEqual(["85123A", "85123A", "22633"]);
    expect(data.anonymousLines!.map((l) => l.productId)).toEqual(["85123A"]);
    expect(data.report.merged).toEqual([
      {
        reason: "stock code written in lower case, counted as the upper-case product",
        count: 2,
        examples: [expect.stringMatching(/:3$/), expect.stringMatching(/:4$/)],
      },
    ]);
    expect(data.report.format()).toMatch(/rows merged: {4}2 {2}stock code written in lower case/);
  });

  it("counts rows that are not purchases by reason", async () => {
    const data = await importOnlineRetail(
      fixture([
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
        "536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,12583.0,France",
        "536371,gift_0001_20,Dotcomgiftshop Gift Voucher £20.00,1,2010-12-01 09:00:00,17.02,,United Kingdom",
        "536372,22632,HAND WARMER RED POLKA DOT,6,2010-12-01 09:01:00,1.85,,United Kingdom",
        "536373,21777,RECIPE BOX,4,2010-12-01 09:02:00,0,17850.0,United Kingdom",
        "536374,21778,RECIPE BOX,lots,2010-12-01 09:02:00,1,17850.0,United Kingdom",
        "536375,21779,RECIPE BOX,1,someday,1,17850.0,United Kingdom",
      ]),
    );
    expect(data.interactions).toHaveLength(1);
    expect(data.report.rowsRead).toBe(7);
    expect(data.report.skippedFor(SKIP.nonProduct)).toBe(2);
    expect(data.report.skippedFor(SKIP.noCustomer)).toBe(1);
    expect(data.report.skippedFor(SKIP.nonPositivePrice)).toBe(1);
    expect(data.report.skippedFor(SKIP.badQuantity)).toBe(1);
    expect(data.report.skippedFor(SKIP.badDate)).toBe(1);
    // A product sold only to anonymous customers is still in the catalogue, and its line kept for baskets.
    expect(data.products.map((p) => p.id).sort()).toEqual(["22632", "85123A"]);
    expect(data.anonymousLines).toEqual([
      { basketId: "536372", productId: "22632", quantity: 6, unitPrice: 1.85, occurredAt: Date.UTC(2010, 11, 1, 9, 1) },
    ]);
  });

  it("counts quantities, prices and dates out of bounds as bad rows, with the reason, cancellations and anonymous lines too", async () => {
    const quantityRule = "Quantity must be a whole number from 1 to 1000000 (negative for a cancellation or return)";
    const data = await importOnlineRetail(
      fixture([
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
        "536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-01 08:28:00,1e308,17850.0,United Kingdom",
        "536367,85123A,WHITE HANGING HEART T-LIGHT HOLDER,1000001,2010-12-01 08:29:00,2.55,17850.0,United Kingdom",
        "C536368,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1000001,2010-12-01 08:30:00,2.55,17850.0,United Kingdom",
        "536369,22633,HAND WARMER,5000000,2010-12-01 08:31:00,1.85,,United Kingdom",
        "536370,22634,HAND WARMER BLUE,1,1985-12-01 08:32:00,1.85,17850.0,United Kingdom",
        "C536371,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-80995,2010-12-02 08:33:00,2.55,17850.0,United Kingdom",
      ]),
    );
    // The first line and the largest cancellation the real log holds are within bounds.
    expect(data.interactions.map((i) => i.quantity)).toEqual([6, -80995]);
    expect(data.anonymousLines).toEqual([]);
    expect(data.report.skipped.map((s) => [s.reason, s.count])).toEqual([
      [quantityRule, 3],
      ["InvoiceDate must not be before 1990-01-01, the earliest date accepted", 1],
      [SKIP.priceOutOfBounds, 1],
    ]);
    expect(SKIP.priceOutOfBounds).toBe("UnitPrice above 1000000000");
    // Lines out of bounds tell nothing about a product: not its price, nor that it exists.
    expect(data.products.map((p) => [p.id, p.price])).toEqual([["85123A", 2.55]]);
  });

  it("refuses a file with the wrong header, naming it", async () => {
    const dir = tempDir({ "x.csv": "customer_id,product_id\n1,2\n" });
    await expect(importOnlineRetail(path.join(dir, "x.csv"))).rejects.toThrow(DataFileError);
    await expect(importOnlineRetail(path.join(dir, "x.csv"))).rejects.toThrow(
      /x\.csv .*missing invoiceno.*expected columns InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country/,
    );
  });

  const full = path.join(DATASETS, "online-retail/online_retail.csv");
  it.skipIf(!fs.existsSync(full))(
    "imports the whole dataset and accounts for every row",
    async () => {
      const data = await importOnlineRetail(full);
      expect(data.report.rowsRead).toBe(541_909);
      expect(data.interactions.length + data.report.skippedTotal).toBe(541_909);
      // 135,080 rows have no customer; some of them are dropped earlier for another reason.
      expect(data.report.skippedFor(SKIP.noCustomer)).toBeGreaterThan(130_000);
      expect(data.report.skippedFor(SKIP.noCustomer)).toBeLessThanOrEqual(135_080);
      expect(new Set(data.interactions.map((i) => i.customerId)).size).toBe(data.customers.length);
      expect(data.customers.length).toBeGreaterThan(4_300);
      expect(data.customers.length).toBeLessThanOrEqual(4_372);
      const cancellations = data.interactions.filter((i) => i.quantity < 0);
      expect(cancellations.length).toBeGreaterThan(8_000);
      expect(cancellations.every((i) => i.basketId!.startsWith("C"))).toBe(true);
    },
    60_000,
  );
});
