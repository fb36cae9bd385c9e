/**
 * A products file on its own, with a header. Required: product_id. Optional: name (default: the id),
 * category, price, rating, and the product columns of product-columns.ts (currency, image_url, url,
 * available). A product listed twice takes the later row's non-empty values.
 */
import type { ProductRecord } from "../domain/records";
import { priceProblem } from "../domain/product-fields";
import { openCsv } from "./csv-source";
import { ImportReport } from "./import-report";
import { parseId, parseNumber } from "./parse";
import { readProductColumns } from "./product-columns";

const FORMAT = "products";

export function importProducts(file: string): { products: ProductRecord[]; report: ImportReport } {
  const csv = openCsv(file, ["product_id"], FORMAT);
  const report = new ImportReport();
  const products = new Map<string, ProductRecord>();
  for (const row of csv.rows()) {
    report.rowsRead++;
    const skip = (reason: string) => report.skip(reason, csv.file, row.line);
    const id = parseId(row.get("product_id"));
    const price = parseNumber(row.get("price"));
    const rating = parseNumber(row.get("rating"));
    if (id === "") {
      skip("row without product_id");
      continue;
    }
    if (id.length > 200) {
      skip("product_id longer than 200 characters");
      continue;
    }
    if (price === undefined || (price !== null && priceProblem(price))) {
      skip("invalid price");
      continue;
    }
    if (rating === undefined) {
      skip("invalid rating");
      continue;
    }
    const read = readProductColumns(row);
    if ("problem" in read) {
      skip(read.problem);
      continue;
    }
    const earlier = products.get(id) ?? { id, name: id, category: null, price: null, rating: null };
    products.set(id, { ...earlier, price: price ?? earlier.price, rating: rating ?? earlier.rating, ...read.columns });
  }
  report.products = products.size;
  return { products: [...products.values()], report };
}
