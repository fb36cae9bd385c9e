/**
 * The optional product columns an events file or a products file may carry: name, category, currency,
 * image_url, url, available (true/false, yes/no, in stock/out of stock). Empty cells say nothing.
 */
import { currencyProblem, parseAvailability, urlProblem } from "../domain/product-fields";
import type { ProductRecord } from "../domain/records";
import type { CsvRow } from "./csv-source";

export type ProductColumns = Partial<Pick<ProductRecord, "name" | "category" | "currency" | "imageUrl" | "url" | "available">>;

/** The row's product columns, or the reason (for the import report) why one of them cannot be used. */
export function readProductColumns(row: CsvRow): { columns: ProductColumns } | { problem: string } {
  const columns: ProductColumns = {};
  const name = row.get("name").trim();
  if (name !== "") columns.name = name.slice(0, 500);
  const category = row.get("category").trim();
  if (category !== "") columns.category = category.slice(0, 500);
  const currency = row.get("currency").trim();
  if (currency !== "") {
    if (currencyProblem(currency)) return { problem: "invalid currency (expected an ISO 4217 code such as EUR)" };
    columns.currency = currency;
  }
  for (const [column, field] of [
    ["image_url", "imageUrl"],
    ["url", "url"],
  ] as const) {
    const value = row.get(column).trim();
    if (value === "") continue;
    if (urlProblem(value)) return { problem: `invalid ${column} (expected an absolute http or https URL)` };
    columns[field] = value;
  }
  const available = row.get("available").trim();
  if (available !== "") {
    const parsed = parseAvailability(available);
    if (parsed === undefined) return { problem: "invalid available (expected true or false, yes or no, in stock or out of stock)" };
    columns.available = parsed;
  }
  return { columns };
}
