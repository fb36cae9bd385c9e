/**
 * Buy again against personal top-frequency and last-bought, on the next baskets of a synthetic grocery
 * of repeat purchases and of a shop whose customers buy each product once.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/time";
import { Store } from "../../src/store";
import { evaluateBuyAgain } from "../../src/training/buy-again-evaluation";
import { loadIntoStore } from "../../src/training/import.service";
import { REPEAT_GROCERY, repeatShop } from "../helpers/repeat-shop";
import { PLAIN_PURCHASES, SHAPE_CUTOFF, SHAPE_START, shapedShop } from "../helpers/shop-shapes";

function evaluated(data: Parameters<typeof loadIntoStore>[1], cutoff: number) {
  const store = Store.open(":memory:");
  loadIntoStore(store, data);
  const result = evaluateBuyAgain(store, cutoff);
  store.close();
  return { ...result, by: Object.fromEntries(result.methods.map((m) => [m.name, m])) };
}

describe("buy again on next baskets", () => {
  it("ranks a grocery's repeat items ahead of personal top-frequency on recall@10 and NDCG@10, and dates them within days", () => {
    const r = evaluated(repeatShop(REPEAT_GROCERY), SHAPE_START + 200 * DAY_MS);
    expect(r.customers).toBeGreaterThan(200);
    const ours = r.by["buy again"];
    const frequency = r.by["top-frequency"];
    expect(ours.recall).toBeGreaterThan(frequency.recall);
    expect(ours.ndcg).toBeGreaterThan(frequency.ndcg * 1.1);
    expect(frequency.ndcg).toBeGreaterThan(r.by["last-bought"].ndcg);
    // Trips every 3 to 12 days: the expected day is off by a few days at most, for half the products.
    expect(r.dayError.pairs).toBeGreaterThan(1000);
    expect(r.dayError.medianAbsDays).toBeLessThan(5);
  });

  it("scores nobody where no customer bought a product on two days", () => {
    const r = evaluated(shapedShop(PLAIN_PURCHASES), SHAPE_CUTOFF);
    expect(r.customers).toBe(0);
    expect(r.methods.every((m) => m.recall === 0 && m.ndcg === 0)).toBe(true);
  });
});
