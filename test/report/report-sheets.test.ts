import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/report.service";
import { REPORT_SHEETS, type ReportSheet } from "../../src/report/report-sheets";
import { experimentsSheet } from "../../src/report/sheets/experiments.sheet";
import { createServices } from "../../src/serving";
import { Store } from "../../src/store";
import { trainedModelFile } from "../helpers/trained-store";

let store: Store;
beforeAll(async () => {
  store = Store.open((await trainedModelFile()).dbPath, { readonly: true });
});
afterAll(() => store.close());

describe("the report's sheets", () => {
  it("have unique names that Excel accepts as sheet names", () => {
    const names = REPORT_SHEETS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[^\\/?*[\]:]{1,31}$/);
  });

  it("have unique column keys, and rows that carry nothing but their columns", () => {
    const tables = buildReport(store);
    for (const [i, sheet] of REPORT_SHEETS.entries()) {
      const keys = sheet.columns.map((c) => c.key);
      expect(new Set(keys).size, sheet.name).toBe(keys.length);
      // The sample has run no experiment (see below for a file that has).
      if (sheet.name !== "Experiments") expect(tables[i].rows.length, `${sheet.name} has rows on the sample`).toBeGreaterThan(0);
      for (const row of tables[i].rows) expect(keys, sheet.name).toEqual(expect.arrayContaining(Object.keys(row)));
    }
  });

  it("build the tables of the sheets asked for, in the order given", () => {
    const [summary, , , , , , , , , , products] = REPORT_SHEETS;
    const tables = buildReport(store, [products, summary]);
    expect(tables.map((t) => t.name)).toEqual(["Product master", "Summary statistics"]);
    expect(tables[0].rows).toEqual(buildReport(store)[10].rows);
  });

  it("read a sheet added to the registry from the same data as the rest", () => {
    const counted: ReportSheet = {
      name: "Counts",
      columns: [{ key: "products", header: "Products" }],
      rows: ({ products }) => [{ products: products.length }],
    };
    const [table] = buildReport(store, [counted]);
    expect(table).toEqual({
      name: "Counts",
      columns: [{ key: "products", header: "Products" }],
      rows: [{ products: store.reports.products().length }],
    });
  });

  it("refuse a file without a trained model", () => {
    const empty = Store.open(":memory:");
    expect(() => buildReport(empty)).toThrow(/no trained model; run `npm run train` first/);
    empty.close();
  });
});

describe("the Experiments sheet", () => {
  it("gives each arm's figures as experimentResults does, one row per arm", async () => {
    const { dbPath } = await trainedModelFile();
    const writable = Store.open(dbPath);
    try {
      const services = createServices(writable);
      const e = services.experiments.start({
        name: "sheet",
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, ranker: "popularity" },
        ],
      });
      for (const id of services.holder.current.customers.ids.slice(0, 40)) {
        const list = services.recommendations.recommend(id, 5);
        const [first] = list.items;
        services.interactions.recordInteraction({
          customerId: id,
          productId: first.product.id,
          type: "purchase",
          quantity: 2,
          price: 5,
          recommendationId: list.recommendationId,
        });
      }
      const results = services.experiments.results(e.id);
      const [table] = buildReport(writable, [experimentsSheet]);
      expect(table.rows.map((r) => r.arm)).toEqual(["a", "b"]);
      for (const [i, arm] of results.arms.entries()) {
        expect(table.rows[i]).toMatchObject({
          experiment: "sheet",
          id: e.id,
          lists: arm.lists,
          purchases: arm.purchases,
          revenue: arm.revenue,
          conversion: arm.conversion.value,
        });
        expect(arm.revenue).toBe(arm.purchases * 10);
      }
      expect(results.arms[0].lists + results.arms[1].lists).toBe(40);
      expect(table.rows[0].conversionVerdict).toBeNull();
      expect(table.rows[1].conversionVerdict).toBe(results.arms[1].vsControl!.conversion.verdict);
    } finally {
      writable.close();
    }
  });
});
