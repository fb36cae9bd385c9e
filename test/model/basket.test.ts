import { describe, expect, it } from "vitest";
import { mineRules } from "../../src/model/basket";
import { csrFromTriples } from "../../src/model/csr";
import { createRandom } from "../../src/model/random";

/** 400 random baskets over 30 items; items 0–4 tend to be bought together. */
function randomBaskets(): number[][] {
  const random = createRandom(5);
  return Array.from({ length: 400 }, () => {
    const basket = new Set<number>();
    const size = 1 + Math.floor(random() * 6);
    while (basket.size < size) basket.add(Math.floor(random() ** 2 * 30));
    if (random() < 0.3) for (const i of [0, 1, 2]) basket.add(i);
    return [...basket];
  });
}

function toCsr(baskets: number[][], items: number) {
  const rows: number[] = [];
  const cols: number[] = [];
  baskets.forEach((b, r) => b.forEach((i) => (rows.push(r), cols.push(i))));
  return csrFromTriples(
    baskets.length,
    items,
    rows,
    cols,
    rows.map(() => 1),
  );
}

describe("association rules", () => {
  const baskets = randomBaskets();
  const thresholds = { minSupport: 0.01, minCount: 2, minConfidence: 0.1, minLift: 1.05 };
  const { rules, stats } = mineRules(toCsr(baskets, 30), thresholds);

  it("match a direct count of support, confidence and lift", () => {
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) {
      const withA = baskets.filter((b) => b.includes(r.antecedent)).length;
      const withB = baskets.filter((b) => b.includes(r.consequent)).length;
      const both = baskets.filter((b) => b.includes(r.antecedent) && b.includes(r.consequent)).length;
      expect(r.count).toBe(both);
      expect(r.support).toBeCloseTo(both / baskets.length, 12);
      expect(r.confidence).toBeCloseTo(both / withA, 12);
      expect(r.lift).toBeCloseTo(both / withA / (withB / baskets.length), 12);
    }
    expect(stats.baskets).toBe(400);
  });

  it("find every pair that passes the thresholds, and no other", () => {
    const expected: string[] = [];
    for (let a = 0; a < 30; a++) {
      for (let c = 0; c < 30; c++) {
        if (a === c) continue;
        const withA = baskets.filter((b) => b.includes(a)).length;
        const withC = baskets.filter((b) => b.includes(c)).length;
        const both = baskets.filter((b) => b.includes(a) && b.includes(c)).length;
        if (both === 0 || both < thresholds.minCount || both / baskets.length < thresholds.minSupport) continue;
        const confidence = both / withA;
        if (confidence < thresholds.minConfidence || confidence / (withC / baskets.length) < thresholds.minLift) continue;
        expected.push(`${a}>${c}`);
      }
    }
    expect(rules.map((r) => `${r.antecedent}>${r.consequent}`).sort()).toEqual(expected.sort());
  });

  it("finds the planted group with high lift", () => {
    const rule = rules.find((r) => r.antecedent === 1 && r.consequent === 2)!;
    expect(rule.lift).toBeGreaterThan(1.5);
  });

  it("orders each product's rules by confidence", () => {
    const forZero = rules.filter((r) => r.antecedent === 0).map((r) => r.confidence);
    expect(forZero).toEqual([...forZero].sort((a, b) => b - a));
  });
});
