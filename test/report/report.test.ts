import fs from "node:fs";
import path from "node:path";
import { Workbook } from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, type ReportTable } from "../../src/report/report.service";
import { writeCsvFiles, writeWorkbook } from "../../src/report/report.writers";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const SHEETS = [
  "Summary statistics",
  "RFM per customer",
  "Segment summary",
  "Cluster summary",
  "Association rules",
  "Product associations",
  "Experiments",
  "Sales by customer",
  "Sales by product",
  "Customer master",
  "Product master",
  "Due for repurchase",
];

let store: Store;
let tables: ReportTable[];
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];
const workbook = new Workbook();
let dir: string;

beforeAll(async () => {
  const trained = await trainedModelFile();
  shop = trained.shop;
  store = Store.open(trained.dbPath, { readonly: true });
  tables = buildReport(store);
  dir = tempDir();
  await writeWorkbook(tables, path.join(dir, "report.xlsx"));
  await workbook.xlsx.readFile(path.join(dir, "report.xlsx"));
});
afterAll(() => store.close());

function sheetRows(name: string): Record<string, unknown>[] {
  const sheet = workbook.getWorksheet(name)!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

describe("the Excel report", () => {
  it("has the eleven sheets", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEETS);
  });

  it("holds every product and customer in the master sheets", () => {
    expect(sheetRows("Product master")).toHaveLength(shop.products.length);
    expect(sheetRows("Customer master")).toHaveLength(shop.customers.length);
    const first = sheetRows("Product master").find((r) => r.Product === shop.products[0].product_id)!;
    expect(first).toMatchObject({ Name: shop.products[0].name, Category: shop.products[0].category, Price: shop.products[0].price });
  });

  it("puts each customer's stored RFM figures and segment in the RFM sheet", () => {
    const modelId = store.models.latestId()!;
    const rows = sheetRows("RFM per customer");
    expect(rows).toHaveLength(new Set(shop.purchases.map((p) => p.customer_id)).size);
    for (const row of rows.slice(0, 20)) {
      const stored = store.segments.rfm(modelId, String(row.Customer))!;
      expect(row).toMatchObject({
        "Recency (days)": stored.recencyDays,
        "Frequency (orders)": stored.frequency,
        Monetary: stored.monetary,
        Segment: stored.label,
      });
    }
  });

  it("sums sales by product to the shop's revenue", () => {
    const price = new Map(shop.products.map((p) => [p.product_id, p.price]));
    const revenue = shop.purchases.reduce((s, p) => s + price.get(p.product_id)!, 0);
    const sheet = sheetRows("Sales by product").reduce((s, r) => s + (r.Revenue as number), 0);
    expect(sheet).toBeCloseTo(revenue, 0);
    const summary = Object.fromEntries(sheetRows("Summary statistics").map((r) => [r.Figure, r.Value]));
    expect(summary["Revenue (cancellations subtracted)"]).toBeCloseTo(revenue, 2);
    expect(summary.Products).toBe(shop.products.length);
  });

  it("lists the stored association rules", () => {
    const rules = sheetRows("Association rules");
    expect(rules).toHaveLength(store.rules.count(store.models.latestId()!));
    expect(rules.length).toBeGreaterThan(0);
  });
});

describe("the CSV report", () => {
  it("writes one file per sheet with the same rows", () => {
    const files = writeCsvFiles(tables, path.join(dir, "csv"));
    expect(files.map((f) => path.basename(f))).toEqual(SHEETS.map((s) => `${s.toLowerCase().replace(/ /g, "-")}.csv`));
    const products = parse(fs.readFileSync(path.join(dir, "csv", "product-master.csv")), { columns: true }) as Record<string, string>[];
    expect(products).toHaveLength(shop.products.length);
    expect(products[0]).toMatchObject({ Product: shop.products[0].product_id, Name: shop.products[0].name });
  });
});
