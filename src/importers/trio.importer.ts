/**
 * The three-file shop export: a folder with
 *   customer_interactions.csv  customer_id,page_views,time_spent
 *   product_details.csv        product_id,category,price,ratings   (optional: name)
 *   purchase_history.csv       customer_id,product_id,purchase_date
 * Files may be `,` or `;` delimited and carry trailing empty columns. Prices and purchase dates outside
 * the bounds of domain/interaction-bounds.ts are counted, not imported.
 */
import path from "node:path";
import { type BoundsOptions, timeProblem } from "../domain/interaction-bounds";
import { priceProblem } from "../domain/product-fields";
import type { CustomerRecord, InteractionRecord, ProductRecord } from "../domain/records";
import { openCsv } from "./csv-source";
import { ImportReport } from "./import-report";
import type { ImportedData } from "./imported-data";
import { parseId, parseNumber, parseTimestamp } from "./parse";

const FORMAT = "trio";

export async function importTrio(folder: string, bounds: BoundsOptions = {}): Promise<ImportedData> {
  // Open (and so check) all three files before reading any of them.
  const customersCsv = openCsv(path.join(folder, "customer_interactions.csv"), ["customer_id", "page_views", "time_spent"], FORMAT);
  const productsCsv = openCsv(path.join(folder, "product_details.csv"), ["product_id", "category", "price", "ratings"], FORMAT);
  const purchasesCsv = openCsv(path.join(folder, "purchase_history.csv"), ["customer_id", "product_id", "purchase_date"], FORMAT);
  const report = new ImportReport();

  const customers = new Map<string, CustomerRecord>();
  for (const row of customersCsv.rows()) {
    report.rowsRead++;
    const id = parseId(row.get("customer_id"));
    const pageViews = parseNumber(row.get("page_views"));
    const timeSpent = parseNumber(row.get("time_spent"));
    const where = [customersCsv.file, row.line] as const;
    if (id === "") report.skip("customer row without customer_id", ...where);
    else if (pageViews === undefined || (pageViews ?? 0) < 0) report.skip("customer row with invalid page_views", ...where);
    else if (timeSpent === undefined || (timeSpent ?? 0) < 0) report.skip("customer row with invalid time_spent", ...where);
    else if (customers.has(id)) report.skip("duplicate customer row", ...where);
    else customers.set(id, { id, pageViews, timeSpent });
  }

  const products = new Map<string, ProductRecord>();
  for (const row of productsCsv.rows()) {
    report.rowsRead++;
    const id = parseId(row.get("product_id"));
    const price = parseNumber(row.get("price"));
    const rating = parseNumber(row.get("ratings"));
    const where = [productsCsv.file, row.line] as const;
    if (id === "") report.skip("product row without product_id", ...where);
    else if (price === undefined || (price !== null && priceProblem(price))) report.skip("product row with invalid price", ...where);
    else if (rating === undefined) report.skip("product row with invalid rating", ...where);
    else if (products.has(id)) report.skip("duplicate product row", ...where);
    else {
      const category = row.get("category") || null;
      const name = row.get("name") || `${category ?? "Product"} ${id}`;
      products.set(id, { id, name, category, price, rating });
    }
  }

  const interactions: InteractionRecord[] = [];
  const now = Date.now();
  for (const row of purchasesCsv.rows()) {
    report.rowsRead++;
    const customerId = parseId(row.get("customer_id"));
    const productId = parseId(row.get("product_id"));
    const occurredAt = parseTimestamp(row.get("purchase_date"));
    const timeIssue = occurredAt == null ? null : timeProblem(occurredAt, bounds, now);
    const where = [purchasesCsv.file, row.line] as const;
    if (customerId === "") report.skip("purchase without customer_id", ...where);
    else if (productId === "") report.skip("purchase without product_id", ...where);
    else if (occurredAt === undefined) report.skip("purchase with invalid purchase_date", ...where);
    else if (timeIssue) report.skip(`purchase_date ${timeIssue}`, ...where);
    else if (!products.has(productId)) report.skip("purchase of a product not in product_details.csv", ...where);
    else {
      if (!customers.has(customerId)) customers.set(customerId, { id: customerId });
      interactions.push({
        customerId,
        productId,
        type: "purchase",
        quantity: 1,
        unitPrice: products.get(productId)!.price,
        occurredAt,
        basketId: null,
        weight: null,
      });
    }
  }
  report.customers = customers.size;
  report.products = products.size;
  report.interactions = interactions.length;
  return { customers: [...customers.values()], products: [...products.values()], interactions, report };
}
