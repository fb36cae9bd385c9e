/**
 * A small synthetic grocery of repeat purchases, for buy again: each customer shops on their own
 * cadence and, on each trip, buys the staples that are due (each staple has its own interval for
 * them, with jitter), sometimes drops a staple for good, and adds an impulse product or two by a
 * steep popularity curve. Orders carry basket ids, over `days` days from SHAPE_START.
 */
import type { ImportedData } from "../../src/importers/imported-data";
import { ImportReport } from "../../src/importers/import-report";
import { DAY_MS } from "../../src/domain/time";
import { createRandom } from "../../src/model/random";
import { SHAPE_START } from "./shop-shapes";

export interface RepeatShopOptions {
  customers: number;
  products: number;
  seed: number;
  days: number;
  /** Staples per customer, at least and at most. */
  staples: [number, number];
  /** Days between a customer's trips, at least and at most. */
  cadence: [number, number];
  /** Chance per trip that a staple is dropped for good. */
  dropRate: number;
}

export const REPEAT_GROCERY: RepeatShopOptions = {
  customers: 300,
  products: 150,
  seed: 11,
  days: 240,
  staples: [4, 12],
  cadence: [3, 12],
  dropRate: 0.01,
};

export function repeatShop(o: RepeatShopOptions): ImportedData {
  const random = createRandom(o.seed);
  const between = ([least, most]: [number, number]) => least + random() * (most - least);
  const products = Array.from({ length: o.products }, (_, i) => ({
    id: `g${i}`,
    name: `Grocery ${i}`,
    category: `aisle ${i % 10}`,
    price: 2 + (i % 7),
    rating: null,
  }));
  // Each product's typical interval: a week to two months, fixed per product.
  const baseInterval = products.map(() => 7 + Math.floor(random() * 53));
  const cumulative: number[] = [];
  for (let r = 0, sum = 0; r < o.products; r++) cumulative.push((sum += 1 / (r + 1)));
  const popular = () => {
    const x = random() * cumulative[o.products - 1];
    let r = 0;
    while (cumulative[r] < x) r++;
    return r;
  };
  const customers = Array.from({ length: o.customers }, (_, c) => ({ id: `k${c}` }));
  const interactions: ImportedData["interactions"] = [];
  for (let c = 0; c < o.customers; c++) {
    const cadence = between(o.cadence);
    const staples = new Map<number, { interval: number; last: number; dropped: boolean }>();
    const count = Math.round(between(o.staples));
    while (staples.size < count) {
      const p = popular();
      staples.set(p, { interval: baseInterval[p] * (0.6 + random() * 0.8), last: -Infinity, dropped: false });
    }
    let trip = 0;
    for (let day = random() * cadence; day < o.days; day += cadence * (0.7 + random() * 0.6), trip++) {
      const basket = new Set<number>();
      for (const [p, s] of staples) {
        if (s.dropped) continue;
        if (random() < o.dropRate) s.dropped = true;
        else if (day - s.last >= s.interval * (0.85 + random() * 0.3) || (s.last === -Infinity && random() < 0.5)) {
          basket.add(p);
          s.last = day;
        }
      }
      if (random() < 0.6) basket.add(popular());
      for (const p of basket) {
        interactions.push({
          customerId: `k${c}`,
          productId: `g${p}`,
          type: "purchase",
          quantity: 1 + Math.floor(random() * 3),
          unitPrice: products[p].price,
          occurredAt: SHAPE_START + Math.floor(day * DAY_MS),
          basketId: `k${c}-${trip}`,
          weight: null,
        });
      }
    }
  }
  return { customers, products, interactions, report: new ImportReport() };
}
