/**
 * A generic event log with a header. Required: customer_id, product_id. Optional: event_type
 * (view, cart, purchase; default purchase), quantity (default 1), weight, price, timestamp, and the
 * product columns of product-columns.ts (name, category, currency, image_url, url, available).
 * Products are created from the ids seen, named by their id unless a name is given; the most recent
 * non-empty value of each product column wins. Quantities, weights, prices and timestamps outside the
 * bounds of domain/interaction-bounds.ts are counted, not imported (a purchase may have a negative
 * quantity: a return).
 */
import { type BoundsOptions, quantityProblem, timeProblem, weightProblem } from "../domain/interaction-bounds";
import type { CustomerRecord, InteractionKind, InteractionRecord, ProductRecord } from "../domain/records";
import { openCsv } from "./csv-source";
import { ImportReport } from "./import-report";
import type { ImportedData } from "./imported-data";
import { parseId, parseNumber, parseTimestamp } from "./parse";
import { readProductColumns } from "./product-columns";
import { priceProblem } from "../domain/product-fields";

const FORMAT = "events";

const EVENT_TYPES: Record<string, InteractionKind> = {
  view: "view",
  page_view: "view",
  detail_view: "view",
  click: "view",
  cart: "cart",
  add_to_cart: "cart",
  addtocart: "cart",
  purchase: "purchase",
  buy: "purchase",
  order: "purchase",
  transaction: "purchase",
};

/** Maps an event type as written in a file to an interaction kind; undefined when unknown. */
function parseEventType(text: string): InteractionKind | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return t === "" ? "purchase" : EVENT_TYPES[t];
}

export async function importEvents(file: string, bounds: BoundsOptions = {}): Promise<ImportedData> {
  const csv = openCsv(file, ["customer_id", "product_id"], FORMAT);
  const report = new ImportReport();
  const customers = new Map<string, CustomerRecord>();
  const products = new Map<string, ProductRecord>();
  const interactions: InteractionRecord[] = [];
  const now = Date.now();

  for (const row of csv.rows()) {
    report.rowsRead++;
    const skip = (reason: string) => report.skip(reason, csv.file, row.line);
    const customerId = parseId(row.get("customer_id"));
    const productId = parseId(row.get("product_id"));
    const type = parseEventType(row.get("event_type"));
    const quantity = parseNumber(row.get("quantity"));
    const weight = parseNumber(row.get("weight"));
    const price = parseNumber(row.get("price"));
    const occurredAt = parseTimestamp(row.get("timestamp"));
    if (customerId === "") {
      skip("event without customer_id");
      continue;
    }
    if (productId === "") {
      skip("event without product_id");
      continue;
    }
    if (type === undefined) {
      skip(`unknown event_type (expected view, cart or purchase)`);
      continue;
    }
    if (quantity === undefined || quantity === 0) {
      skip("invalid quantity");
      continue;
    }
    if (quantity !== null && quantity < 0 && type !== "purchase") {
      skip("negative quantity on a view or cart event");
      continue;
    }
    const quantityIssue = quantity === null ? null : quantityProblem(quantity, true);
    if (quantityIssue) {
      skip(`quantity ${quantityIssue}`);
      continue;
    }
    if (weight === undefined) {
      skip("invalid weight");
      continue;
    }
    const weightIssue = weight === null ? null : weightProblem(weight);
    if (weightIssue) {
      skip(`weight ${weightIssue}`);
      continue;
    }
    if (price === undefined || (price !== null && priceProblem(price))) {
      skip("invalid price");
      continue;
    }
    if (occurredAt === undefined) {
      skip("invalid timestamp");
      continue;
    }
    const timeIssue = occurredAt === null ? null : timeProblem(occurredAt, bounds, now);
    if (timeIssue) {
      skip(`timestamp ${timeIssue}`);
      continue;
    }
    const read = readProductColumns(row);
    if ("problem" in read) {
      skip(read.problem);
      continue;
    }

    if (!customers.has(customerId)) customers.set(customerId, { id: customerId });
    const product = products.get(productId) ?? { id: productId, name: productId, category: null, price, rating: null };
    products.set(productId, { ...product, price: price ?? product.price, ...read.columns });
    interactions.push({
      customerId,
      productId,
      type,
      quantity: quantity ?? 1,
      unitPrice: price,
      occurredAt,
      basketId: null,
      weight,
    });
  }
  report.customers = customers.size;
  report.products = products.size;
  report.interactions = interactions.length;
  return { customers: [...customers.values()], products: [...products.values()], interactions, report };
}
