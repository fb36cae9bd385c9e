/**
 * Small synthetic shops of the shapes real shops come in, for tests that tuning adapts to the data:
 * customers in taste groups buy mostly from their group's products, over 200 days.
 */
import type { ImportedData } from "../../src/data/imported-data";
import { ImportReport } from "../../src/data/import-report";
import { DAY_MS } from "../../src/domain/time";
import { createRandom } from "../../src/model/random";

export const SHAPE_START = Date.parse("2025-01-01T00:00:00Z");
/** The last 30 of the 200 days are the future the tests score. */
export const SHAPE_CUTOFF = SHAPE_START + 170 * DAY_MS;

export interface ShapeOptions {
  customers: number;
  groups: number;
  productsPerGroup: number;
  seed: number;
  /** Each interaction's explicit weight (a raw count, a rating…), or null for plain purchases. */
  weight: (random: () => number) => number | null;
  /** A product every customer buys, with this weight, or none. */
  everybodyBuys?: number;
}

/** A shop whose weights say little about taste: heavy-tailed counts (up to thousands), and one product everybody buys a lot of. */
export const HEAVY_TAIL_COUNTS: ShapeOptions = {
  customers: 500,
  groups: 5,
  productsPerGroup: 16,
  seed: 5,
  weight: (random) => Math.min(5000, Math.floor(1 / random() ** 1.6)),
  everybodyBuys: 3000,
};

export function shapedShop(o: ShapeOptions): ImportedData {
  const random = createRandom(o.seed);
  const products = Array.from({ length: o.groups * o.productsPerGroup + (o.everybodyBuys ? 1 : 0) }, (_, i) => ({
    id: `p${i}`,
    name: `Product ${i}`,
    category: `group ${Math.floor(i / o.productsPerGroup)}`,
    price: 10,
    rating: null,
  }));
  const customers = Array.from({ length: o.customers }, (_, c) => ({ id: `c${c}` }));
  const interactions: ImportedData["interactions"] = [];
  for (let c = 0; c < o.customers; c++) {
    const group = c % o.groups;
    const bought = new Set<number>();
    const n = 6 + Math.floor(random() * 6);
    while (bought.size < n) {
      const own = random() < 0.85;
      const g = own ? group : Math.floor(random() * o.groups);
      bought.add(g * o.productsPerGroup + Math.floor(random() * o.productsPerGroup));
    }
    for (const p of bought) {
      const day = Math.floor(random() * 200);
      interactions.push(purchase(`c${c}`, `p${p}`, SHAPE_START + day * DAY_MS, o.weight(random)));
    }
    if (o.everybodyBuys) {
      interactions.push(purchase(`c${c}`, `p${products.length - 1}`, SHAPE_START + Math.floor(random() * 160) * DAY_MS, o.everybodyBuys));
    }
  }
  return { customers, products, interactions, report: new ImportReport() };
}

function purchase(customerId: string, productId: string, occurredAt: number, weight: number | null) {
  return { customerId, productId, type: "purchase" as const, quantity: 1, unitPrice: 10, occurredAt, basketId: null, weight };
}

/** A shop whose weights are ratings from 1 to 5, whatever the taste. */
export const RATINGS: ShapeOptions = {
  customers: 500,
  groups: 5,
  productsPerGroup: 16,
  seed: 6,
  weight: (random) => 1 + Math.floor(random() * 5),
};

/** A shop of plain purchases: every customer–product pair bought once. */
export const PLAIN_PURCHASES: ShapeOptions = { customers: 500, groups: 5, productsPerGroup: 16, seed: 7, weight: () => null };
