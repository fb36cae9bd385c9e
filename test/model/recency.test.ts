import { describe, expect, it } from "vitest";
import { recencyFactor } from "../../src/model/recency";

const DAY = 86_400_000;

describe("recency weighting", () => {
  it("halves a weight every half-life", () => {
    expect(recencyFactor(100 * DAY, 100 * DAY, 30)).toBe(1);
    expect(recencyFactor(70 * DAY, 100 * DAY, 30)).toBeCloseTo(0.5, 12);
    expect(recencyFactor(40 * DAY, 100 * DAY, 30)).toBeCloseTo(0.25, 12);
  });

  it("is off for a half-life of 0 and for interactions without a time", () => {
    expect(recencyFactor(0, 100 * DAY, 0)).toBe(1);
    expect(recencyFactor(null, 100 * DAY, 30)).toBe(1);
  });

  it("never weighs an interaction after the reference above 1", () => {
    expect(recencyFactor(110 * DAY, 100 * DAY, 30)).toBe(1);
  });
});
