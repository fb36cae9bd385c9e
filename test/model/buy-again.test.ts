import { describe, expect, it } from "vitest";
import { buyAgainEstimate, dueInWindow, orderDaysOf, orderWindowDays, repurchasePriors } from "../../src/model/buy-again";
import { gammaShape, gapSurvival, lowerGamma, medianResidualGap } from "../../src/model/gamma";
import { createRandom } from "../../src/model/random";

const WEEKLY = { meanGapDays: 7, shape: 50, repeatRate: 0.9 };

describe("the gamma functions", () => {
  it("match the closed forms of P(1, x) = 1 − e^−x and P(2, x) = 1 − (1 + x)e^−x", () => {
    for (const x of [0.01, 0.5, 1, 2.5, 7, 30]) {
      expect(lowerGamma(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
      expect(lowerGamma(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 12);
    }
    expect(lowerGamma(3, 0)).toBe(0);
  });

  it("recover the shape of gamma-distributed gaps from their mean and mean log", () => {
    const random = createRandom(3);
    // Gamma(4, θ) as the sum of four exponentials.
    const gaps = Array.from({ length: 20_000 }, () => -Math.log(random() * random() * random() * random()) * 5);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const meanLog = gaps.reduce((s, g) => s + Math.log(g), 0) / gaps.length;
    expect(gammaShape(mean, meanLog)).toBeCloseTo(4, 0);
    expect(gammaShape(7, Math.log(7))).toBe(50);
  });

  it("find the median residual life by bisection: memoryless for exponential gaps (ln 2 · mean at any age)", () => {
    for (const elapsed of [0, 10, 40]) {
      const x = medianResidualGap(elapsed, gapSurvival(elapsed, 20, 1), 20, 1);
      expect(x - elapsed).toBeCloseTo(Math.LN2 * 20, 1);
    }
    // A regular gap, not yet reached: its median, just under the mean.
    expect(medianResidualGap(1, gapSurvival(1, 7, 50), 7, 50)).toBeCloseTo(7 * (1 - 1 / 150), 1);
  });
});

describe("buyAgainEstimate", () => {
  const weekly = { days: [0, 7, 14, 21, 28, 35, 42, 49], timesBought: 8 };

  it("expects a weekly purchase a week after the last one, likely within two weeks and unlikely within a day", () => {
    const e = buyAgainEstimate(weekly, WEEKLY, 50, 7);
    expect(e.expectedDay).toBeCloseTo(56, 0);
    expect(e.typicalGapDays).toBeCloseTo(7, 6);
    // A gap of 7 ± 1 days: within the next 7 days (a gap up to 8) about 0.84, times p = (4·0.9 + 7)/11.
    expect(e.probability).toBeCloseTo(0.84 * (10.6 / 11), 1);
    expect(buyAgainEstimate(weekly, WEEKLY, 50, 14).probability).toBeGreaterThan(0.95);
    expect(buyAgainEstimate(weekly, WEEKLY, 50, 1).probability).toBeLessThan(0.05);
  });

  it("counts a product long overdue as dropped, and puts its date after today", () => {
    const lapsed = buyAgainEstimate(weekly, WEEKLY, 120, 7);
    expect(lapsed.probability).toBeLessThan(0.01);
    expect(lapsed.expectedDay!).toBeGreaterThanOrEqual(120);
    expect(lapsed.decayedFrequency).toBeLessThan(buyAgainEstimate(weekly, WEEKLY, 50, 7).decayedFrequency);
  });

  it("gives a product bought once the product's interval and repeat rate", () => {
    const prior = { meanGapDays: 30, shape: 8, repeatRate: 0.6 };
    const e = buyAgainEstimate({ days: [100], timesBought: 1 }, prior, 100, 365);
    expect(e.typicalGapDays).toBe(30);
    expect(e.probability).toBeCloseTo(0.6, 2);
    expect(e.expectedDay!).toBeCloseTo(100 + 30 * (1 - 1 / 24), 0);
  });

  it("without dates, gives the chance of buying again at all, more for what was bought more often", () => {
    const prior = { meanGapDays: 30, shape: 2, repeatRate: 0.2 };
    const once = buyAgainEstimate({ days: [], timesBought: 1 }, prior, 0, 30);
    const often = buyAgainEstimate({ days: [], timesBought: 9 }, prior, 0, 30);
    expect(once.expectedDay).toBeNull();
    expect(once.probability).toBeCloseTo(0.2, 6);
    expect(often.probability).toBeGreaterThan(0.6);
  });
});

describe("dueInWindow", () => {
  it("holds a pair exactly when its expected day falls in the window", () => {
    const weekly = { days: [0, 7, 14, 21], timesBought: 4 };
    const expected = buyAgainEstimate(weekly, WEEKLY, 22, 7).expectedDay!;
    expect(dueInWindow(weekly, WEEKLY, 22, expected - 1, expected + 1)).not.toBeNull();
    expect(dueInWindow(weekly, WEEKLY, 22, expected + 1, expected + 30)).toBeNull();
    expect(dueInWindow(weekly, WEEKLY, 22, 22, expected - 1)).toBeNull();
    expect(dueInWindow(weekly, WEEKLY, 22, 22, expected + 3)!.probability).toBeGreaterThan(0.5);
  });
});

describe("the priors", () => {
  it("shrink a product with few gaps towards the shop's, and keep one with many near its own", () => {
    const { shop, products } = repurchasePriors([
      { buyers: 100, repeatBuyers: 80, gaps: 400, gapSum: 400 * 10, logGapSum: 400 * Math.log(10) },
      { buyers: 2, repeatBuyers: 1, gaps: 1, gapSum: 100, logGapSum: Math.log(100) },
    ]);
    expect(shop.meanGapDays).toBeCloseTo((4000 + 100) / 401, 6);
    expect(products[0].meanGapDays).toBeCloseTo(10, 0);
    expect(products[1].meanGapDays).toBeLessThan(30);
    expect(products[1].repeatRate).toBeCloseTo((1 + 4 * shop.repeatRate) / 6, 6);
  });

  it("count a customer's distinct purchase days over every product, and none without dates", () => {
    expect(
      orderDaysOf([
        { days: [3, 10], timesBought: 2 },
        { days: [10, 20], timesBought: 2 },
      ]),
    ).toEqual({ first: 3, last: 20, count: 3 });
    expect(orderDaysOf([{ days: [], timesBought: 4 }])).toBeNull();
  });

  it("bound a customer's next-order window by the cap and by a day", () => {
    expect(orderWindowDays({ first: 0, last: 60, count: 11 }, 30, 30)).toBe(10);
    expect(orderWindowDays({ first: 0, last: 600, count: 3 }, 30, 30)).toBe(30);
    expect(orderWindowDays({ first: 5, last: 5, count: 1 }, 0.1, 30)).toBe(1);
  });
});
