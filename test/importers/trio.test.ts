import path from "node:path";
import { describe, expect, it } from "vitest";
import { importTrio } from "../../src/importers/trio.importer";
import { DataFileError } from "../../src/domain/errors";
import { DATASETS, ROOT, tempDir } from "../helpers/paths";

const GOOD = {
  "customer_interactions.csv": "customer_id,page_views,time_spent\n1,25,120\n2,20,90\n",
  "product_details.csv": "product_id,category,price,ratings\n101,Electronics,500,4.5\n102,Clothing,50,3.8\n",
  "purchase_history.csv": "customer_id,product_id,purchase_date\n1,101,2023-01-01\n2,102,2023-01-02\n",
};

describe("the trio importer", () => {
  it("reads the ';'-delimited copy with trailing empty columns and CRLF line ends", async () => {
    const data = await importTrio(path.join(DATASETS, "seed-trio/original-zaenalium"));
    expect(data.report.skippedTotal).toBe(0);
    expect(data.customers).toHaveLength(5);
    expect(data.products).toHaveLength(5);
    expect(data.products.find((p) => p.id === "103")).toMatchObject({ category: "Home & Kitchen", price: 200, rating: 4.2 });
    expect(data.interactions).toHaveLength(6);
    expect(data.interactions[0]).toMatchObject({ customerId: "1", productId: "101", type: "purchase", occurredAt: Date.UTC(2023, 0, 1) });
    expect(data.customers.find((c) => c.id === "3")).toMatchObject({ pageViews: 30, timeSpent: 150 });
  });

  it("reads the comma-delimited copy", async () => {
    const data = await importTrio(path.join(DATASETS, "seed-trio/extended-yedijamessa"));
    expect(data.customers).toHaveLength(100);
    expect(data.products).toHaveLength(10);
    expect(data.interactions.length + data.report.skippedTotal).toBe(1006); // purchase rows
  });

  it("reads the bundled sample shop", async () => {
    const data = await importTrio(path.join(ROOT, "data"));
    expect(data.report.skippedTotal).toBe(0);
    expect(data.customers.length).toBeGreaterThanOrEqual(2000);
    expect(data.products).toHaveLength(300);
    expect(new Set(data.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
    expect(data.interactions.length).toBeGreaterThanOrEqual(20_000);
    expect(data.products[0].name).not.toBe(data.products[0].id);
  });

  it("counts each bad row by reason and keeps the good ones", async () => {
    const dir = tempDir({
      ...GOOD,
      "product_details.csv": "product_id,category,price,ratings\n101,Electronics,500,4.5\n102,Clothing,cheap,3.8\n,Toys,5,4\n",
      "purchase_history.csv": [
        "customer_id,product_id,purchase_date",
        "1,101,2023-01-01",
        "2,999,2023-01-02",
        "3,101,not-a-date",
        ",101,2023-01-03",
        "4,101,2023-02-01",
      ].join("\n"),
    });
    const data = await importTrio(dir);
    expect(data.interactions.map((i) => i.customerId)).toEqual(["1", "4"]);
    expect(data.report.skippedFor("product row with invalid price")).toBe(1);
    expect(data.report.skippedFor("product row without product_id")).toBe(1);
    expect(data.report.skippedFor("purchase of a product not in product_details.csv")).toBe(1);
    expect(data.report.skippedFor("purchase with invalid purchase_date")).toBe(1);
    expect(data.report.skippedFor("purchase without customer_id")).toBe(1);
    expect(data.report.skipped.find((s) => s.reason.startsWith("purchase with invalid"))!.examples).toEqual(["purchase_history.csv:4"]);
    // A customer seen only in purchases is created.
    expect(data.customers.map((c) => c.id)).toContain("4");
  });

  it("counts prices and purchase dates out of bounds as bad rows, with the reason, and imports none of them", async () => {
    const dir = tempDir({
      ...GOOD,
      "product_details.csv": "product_id,category,price,ratings\n101,Electronics,500,4.5\n102,Toys,1e308,4\n103,Toys,1000000001,4\n",
      "purchase_history.csv": [
        "customer_id,product_id,purchase_date",
        "1,101,2023-01-01",
        "2,102,2023-01-02",
        "3,101,1985-06-01",
        "4,101,2199-01-01",
        "5,101,1990-01-01",
      ].join("\n"),
    });
    const data = await importTrio(dir);
    expect(data.products.map((p) => p.id)).toEqual(["101"]);
    expect(data.interactions.map((i) => i.customerId)).toEqual(["1", "5"]);
    expect(data.report.skipped.map((s) => [s.reason, s.count, s.examples])).toEqual([
      ["product row with invalid price", 2, ["product_details.csv:3", "product_details.csv:4"]],
      ["purchase of a product not in product_details.csv", 1, ["purchase_history.csv:3"]],
      ["purchase_date must not be before 1990-01-01, the earliest date accepted", 1, ["purchase_history.csv:4"]],
      ["purchase_date must not be more than 24 hours in the future", 1, ["purchase_history.csv:5"]],
    ]);
  });

  it("takes the earliest purchase date accepted from the caller", async () => {
    const data = await importTrio(tempDir(GOOD), { earliestDate: Date.UTC(2023, 0, 2) });
    expect(data.interactions.map((i) => i.customerId)).toEqual(["2"]);
    expect(data.report.skippedFor("purchase_date must not be before 2023-01-02, the earliest date accepted")).toBe(1);
  });

  it("names the missing file", async () => {
    const dir = tempDir({
      "customer_interactions.csv": GOOD["customer_interactions.csv"],
      "product_details.csv": GOOD["product_details.csv"],
    });
    await expect(importTrio(dir)).rejects.toThrow(DataFileError);
    await expect(importTrio(dir)).rejects.toThrow(/file not found: .*purchase_history\.csv/);
  });

  it("names the file with a wrong header and the columns it expected", async () => {
    const dir = tempDir({ ...GOOD, "product_details.csv": "sku,category,price\n101,Electronics,500\n" });
    await expect(importTrio(dir)).rejects.toThrow(
      /product_details\.csv .*missing product_id, ratings; expected columns product_id,category,price,ratings/,
    );
  });
});
