/**
 * Small synthetic shops of the shapes real shops come in, for tests that tuning adapts to the data:
 * customers in taste groups buy mostly from their group's products, over 200 days.
 */
import type { ImportedData } from "../../src/importers/imported-data";
import { ImportReport } from "../../src/importers/import-report";
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
  /** Distinct products per customer, at least and at most (6 to 11 unless given). */
  basket?: [number, number];
  /** Share of a customer's products from their own group (the rest from anywhere); 0.85 unless given. */
  loyalty?: number;
  /**
   * How the products outside a customer's group are drawn: evenly, or by a steep popularity curve
   * (product r of the catalogue drawn with weight 1/(r+1)^zipf), as in a grocery store.
   */
  zipf?: number;
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
  const catalogue = o.groups * o.productsPerGroup;
  const cumulative: number[] = [];
  for (let r = 0, sum = 0; r < catalogue; r++) cumulative.push((sum += 1 / (r + 1) ** (o.zipf ?? 0)));
  const popular = () => {
    const x = random() * cumulative[catalogue - 1];
    let r = 0;
    while (cumulative[r] < x) r++;
    return r;
  };
  for (let c = 0; c < o.customers; c++) {
    const group = c % o.groups;
    const bought = new Set<number>();
    const [least, most] = o.basket ?? [6, 11];
    const n = least + Math.floor(random() * (most - least + 1));
    while (bought.size < n) {
      if (random() < (o.loyalty ?? 0.85)) bought.add(group * o.productsPerGroup + Math.floor(random() * o.productsPerGroup));
      else if (o.zipf !== undefined) bought.add(popular());
      else bought.add(Math.floor(random() * o.groups) * o.productsPerGroup + Math.floor(random() * o.productsPerGroup));
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

/**
 * A grocery store: 170 products bought by a steep popularity curve whatever the customer's taste, in
 * quantities from 1 to a few dozen.
 */
export const GROCERY: ShapeOptions = {
  customers: 400,
  groups: 10,
  productsPerGroup: 17,
  seed: 8,
  weight: (random) => Math.min(48, Math.floor(1 / random() ** 1.2)),
  basket: [4, 12],
  loyalty: 0,
  zipf: 1,
};

/** Most customers bought one or two products; a catalogue of 400. */
export const ONE_PURCHASE: ShapeOptions = {
  customers: 1500,
  groups: 8,
  productsPerGroup: 50,
  seed: 9,
  weight: () => null,
  basket: [1, 3],
};

/** A catalogue of 4,000 products, each customer buying a few of them. */
export const HUGE_CATALOGUE: ShapeOptions = {
  customers: 800,
  groups: 20,
  productsPerGroup: 200,
  seed: 10,
  weight: () => null,
  basket: [5, 15],
};
