/**
 * The UCI Online Retail transaction log (Chen, Sain & Guo 2012), one line item per row:
 *   InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
 * Products come from StockCode, letter case ignored (85123a is 85123A; the rows so merged are reported)
 * (name: the most common description; price: the most common positive
 * unit price); customers from CustomerID ("17850.0" → "17850"); every line item with a customer is one
 * purchase, and cancellations (InvoiceNo "C…") are purchases with negative quantity that reverse it.
 * Rows outside the bounds of domain/interaction-bounds.ts (quantity, unit price, date) are counted, not
 * imported, whether or not they have a customer.
 */
import { type BoundsOptions, quantityProblem, timeProblem } from "../domain/interaction-bounds";
import { MAX_PRICE } from "../domain/product-fields";
import type { AnonymousLine, CustomerRecord, InteractionRecord, ProductRecord } from "../domain/records";
import { openCsv } from "./csv-source";
import { ImportReport } from "./import-report";
import type { ImportedData } from "./imported-data";
import { parseId, parseNumber, parseTimestamp } from "./parse";

const FORMAT = "online-retail";
const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
/** Country is optional; the others are required. Matched case-insensitively. */
const COLUMNS = ["invoiceno", "stockcode", "description", "quantity", "invoicedate", "unitprice", "customerid"];

const MERGED_CASE = "stock code written in lower case, counted as the upper-case product";

/** Stock codes that are charges, fees or adjustments rather than goods. */
const NON_PRODUCT_CODES = new Set(["POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "ADJUST"]);

function isNonProductCode(stockCode: string): boolean {
  const code = stockCode.toUpperCase();
  return NON_PRODUCT_CODES.has(code) || code.startsWith("GIFT_") || code.startsWith("ADJUST");
}

export const SKIP = {
  noStockCode: "row without StockCode",
  badQuantity: "invalid Quantity",
  badPrice: "invalid UnitPrice",
  badDate: "invalid InvoiceDate",
  nonProduct: "non-product code (postage, fees, discounts, adjustments, vouchers)",
  nonPositivePrice: "zero or negative UnitPrice",
  noCustomer: "no CustomerID (kept for basket analysis only)",
  zeroQuantity: "zero Quantity",
  negativeOutsideCancellation: "negative Quantity on an invoice that is not a cancellation",
  priceOutOfBounds: `UnitPrice above ${MAX_PRICE}`,
} as const;

/** The most frequent key of a tally (first seen wins ties). */
function mode<K>(tally: Map<K, number>): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, count] of tally) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

export async function importOnlineRetail(file: string, bounds: BoundsOptions = {}): Promise<ImportedData> {
  const csv = openCsv(file, COLUMNS, FORMAT, HEADER);
  const report = new ImportReport();
  const descriptions = new Map<string, Map<string, number>>();
  const prices = new Map<string, Map<number, number>>();
  const customers = new Map<string, CustomerRecord>();
  const interactions: InteractionRecord[] = [];
  const anonymousLines: AnonymousLine[] = [];

  // Invoices repeat their date on every line: parse each distinct date once.
  const times = new Map<string, ReturnType<typeof parseTimestamp>>();
  const timeOf = (text: string) => {
    let time = times.get(text);
    if (time === undefined && !times.has(text)) times.set(text, (time = parseTimestamp(text)));
    return time;
  };
  // One closure for the whole file (one per row showed in profiles), reading the current row's line.
  let line = 0;
  const skip = (reason: string) => report.skip(reason, csv.file, line);
  const now = Date.now();

  for (const row of csv.rows()) {
    report.rowsRead++;
    line = row.line;
    const invoice = row.get("invoiceno");
    // Stock codes are case-insensitive (85123A and 85123a are one product): upper case is the id.
    const written = row.get("stockcode");
    const stockCode = written.toUpperCase();
    const quantity = parseNumber(row.get("quantity"));
    const unitPrice = parseNumber(row.get("unitprice"));
    const occurredAt = timeOf(row.get("invoicedate"));
    const customerId = parseId(row.get("customerid"));
    if (stockCode === "") {
      skip(SKIP.noStockCode);
      continue;
    }
    if (quantity === undefined || quantity === null || !Number.isInteger(quantity)) {
      skip(SKIP.badQuantity);
      continue;
    }
    if (unitPrice === undefined || unitPrice === null) {
      skip(SKIP.badPrice);
      continue;
    }
    if (occurredAt === undefined || occurredAt === null) {
      skip(SKIP.badDate);
      continue;
    }
    if (isNonProductCode(stockCode)) {
      skip(SKIP.nonProduct);
      continue;
    }
    if (unitPrice <= 0) {
      skip(SKIP.nonPositivePrice);
      continue;
    }
    if (unitPrice > MAX_PRICE) {
      skip(SKIP.priceOutOfBounds);
      continue;
    }
    // Zero has its own reason, below; the bounds come first as they hold for anonymous lines too.
    const quantityIssue = quantity === 0 ? null : quantityProblem(quantity, true);
    if (quantityIssue) {
      skip(`Quantity ${quantityIssue}`);
      continue;
    }
    const timeIssue = timeProblem(occurredAt, bounds, now);
    if (timeIssue) {
      skip(`InvoiceDate ${timeIssue}`);
      continue;
    }
    if (stockCode !== written) report.merge(MERGED_CASE, csv.file, line);

    const isCancellation = invoice.toUpperCase().startsWith("C");
    const description = row.get("description");
    if (description !== "") {
      let tally = descriptions.get(stockCode);
      if (!tally) descriptions.set(stockCode, (tally = new Map()));
      tally.set(description, (tally.get(description) ?? 0) + 1);
    }
    if (!isCancellation) {
      let tally = prices.get(stockCode);
      if (!tally) prices.set(stockCode, (tally = new Map()));
      tally.set(unitPrice, (tally.get(unitPrice) ?? 0) + 1);
    } else if (!prices.has(stockCode)) {
      prices.set(stockCode, new Map([[unitPrice, 0]]));
    }

    if (customerId === "") {
      skip(SKIP.noCustomer);
      if (quantity > 0 && !isCancellation)
        anonymousLines.push({ basketId: invoice, productId: stockCode, quantity, unitPrice, occurredAt });
      continue;
    }
    if (quantity === 0) {
      skip(SKIP.zeroQuantity);
      continue;
    }
    if (quantity < 0 && !isCancellation) {
      skip(SKIP.negativeOutsideCancellation);
      continue;
    }

    if (!customers.has(customerId)) customers.set(customerId, { id: customerId, country: row.get("country") || null });
    interactions.push({
      customerId,
      productId: stockCode,
      type: "purchase",
      quantity: isCancellation ? -Math.abs(quantity) : quantity,
      unitPrice,
      occurredAt,
      basketId: invoice,
      weight: null,
    });
  }

  const products: ProductRecord[] = [...prices.keys()].map((id) => ({
    id,
    name: mode(descriptions.get(id) ?? new Map()) ?? id,
    category: null,
    price: mode(prices.get(id)!) ?? null,
    rating: null,
  }));
  report.customers = customers.size;
  report.products = products.length;
  report.interactions = interactions.length;
  return { customers: [...customers.values()], products, interactions, anonymousLines, report };
}
