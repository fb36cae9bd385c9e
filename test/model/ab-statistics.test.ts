import { describe, expect, it } from "vitest";
import {
  incompleteBeta,
  meanInterval,
  normalCdf,
  sampleVariance,
  studentTCdf,
  studentTQuantile,
  twoProportionTest,
  welchTest,
  wilsonInterval,
} from "../../src/model/ab-statistics";

describe("the distributions", () => {
  it("give Φ and Student's t as the tables do", () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    // t = 2 with 10 degrees of freedom: two-sided p = 0.073388 (tables).
    expect(2 * (1 - studentTCdf(2, 10))).toBeCloseTo(0.073388, 5);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 4);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4);
  });

  it("give I_x(a, b) its closed forms", () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12);
    expect(incompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 12);
  });
});

describe("a rate", () => {
  it("has Wilson's interval: 200 of 1000 is 0.2 in [0.1764, 0.2259]", () => {
    // centre (0.2 + 1.96²/2000)/(1 + 1.96²/1000) = 0.201149; half 1.96·√(0.00016 + 1.96²/4e6)/(1.0038415) = 0.024771.
    const w = wilsonInterval(200, 1000);
    expect(w.value).toBe(0.2);
    expect(w.low).toBeCloseTo(0.176377, 5);
    expect(w.high).toBeCloseTo(0.225919, 5);
    expect(wilsonInterval(0, 10).low).toBe(0);
  });

  it("is compared by the two-proportion z-test: 250 of 1000 against 200 of 1000 gives z = 2.677, p = 0.0074", () => {
    // pooled 0.225: SE0 = √(0.225·0.775·0.002) = 0.0186748; z = 0.05/0.0186748 = 2.67740.
    // unpooled SE = √(0.25·0.75/1000 + 0.2·0.8/1000) = 0.0186414: the interval 0.05 ± 1.96·SE.
    const t = twoProportionTest(250, 1000, 200, 1000);
    expect(t.difference).toBeCloseTo(0.05, 12);
    expect(t.z).toBeCloseTo(2.6774, 4);
    expect(t.pValue).toBeCloseTo(0.00742, 5);
    expect(t.low).toBeCloseTo(0.05 - 1.959964 * 0.0186414, 5);
    expect(t.high).toBeCloseTo(0.05 + 1.959964 * 0.0186414, 5);
    expect(twoProportionTest(100, 1000, 100, 1000).pValue).toBeCloseTo(1, 6);
  });
});

describe("a mean", () => {
  it("has the sample variance of its sums", () => {
    // 1, 2, 3, 4: mean 2.5, variance 5/3.
    expect(sampleVariance(10, 30, 4)).toBeCloseTo(5 / 3, 12);
    expect(meanInterval(2.5, 5 / 3, 4).high).toBeCloseTo(2.5 + 3.182446 * Math.sqrt(5 / 12), 5);
    expect(meanInterval(3, 0, 1)).toEqual({ value: 3, low: null, high: null });
  });

  it("is compared by Welch's t-test: 10 (s² 4, n 20) against 8 (s² 9, n 25) gives t = 2.673 on 41.78 degrees of freedom", () => {
    // SE = √(4/20 + 9/25) = √0.56; df = 0.56² / (0.2²/19 + 0.36²/24) = 41.784.
    const w = welchTest(10, 4, 20, 8, 9, 25);
    expect(w.t).toBeCloseTo(2 / Math.sqrt(0.56), 9);
    expect(w.df).toBeCloseTo(41.784, 3);
    expect(w.pValue).toBeCloseTo(2 * (1 - studentTCdf(2 / Math.sqrt(0.56), 41.784)), 7);
    expect(w.pValue).toBeGreaterThan(0.0105);
    expect(w.pValue).toBeLessThan(0.0109);
  });
});
