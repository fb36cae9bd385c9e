import { describe, expect, it } from "vitest";
import { DEFAULT_EARLIEST_DATE, MAX_FUTURE_MS, MAX_QUANTITY, quantityProblem, timeProblem } from "../../src/domain/interaction-bounds";

describe("the quantity bound", () => {
  it("accepts whole numbers from 1 to a million and refuses the rest", () => {
    expect(MAX_QUANTITY).toBe(1_000_000);
    for (const q of [1, 2, MAX_QUANTITY]) expect(quantityProblem(q)).toBeNull();
    for (const q of [0, -1, 1.5, MAX_QUANTITY + 1, 1e308, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(quantityProblem(q)).toBe("must be a whole number from 1 to 1000000");
    }
  });

  it("accepts the negative of a quantity in bounds only where returns are stored", () => {
    expect(quantityProblem(-3)).not.toBeNull();
    expect(quantityProblem(-3, true)).toBeNull();
    expect(quantityProblem(-MAX_QUANTITY, true)).toBeNull();
    for (const q of [0, -MAX_QUANTITY - 1, Number.NEGATIVE_INFINITY])
      expect(quantityProblem(q, true)).toMatch(/negative for a cancellation or return/);
  });
});

describe("the time bound", () => {
  const now = Date.UTC(2025, 5, 1);

  it("accepts times from 1990-01-01 to a day after now by default", () => {
    expect(DEFAULT_EARLIEST_DATE).toBe(Date.UTC(1990, 0, 1));
    expect(timeProblem(DEFAULT_EARLIEST_DATE, {}, now)).toBeNull();
    expect(timeProblem(now + MAX_FUTURE_MS, {}, now)).toBeNull();
    expect(timeProblem(DEFAULT_EARLIEST_DATE - 1, {}, now)).toBe("must not be before 1990-01-01, the earliest date accepted");
    expect(timeProblem(Date.parse("0001-01-01T00:00:00Z"), {}, now)).toBe("must not be before 1990-01-01, the earliest date accepted");
    expect(timeProblem(now + MAX_FUTURE_MS + 1, {}, now)).toBe("must not be more than 24 hours in the future");
    expect(timeProblem(Number.NaN, {}, now)).toBe("must be a valid time");
  });

  it("takes the earliest date from the caller", () => {
    const earliestDate = Date.UTC(2020, 0, 1);
    expect(timeProblem(Date.UTC(2019, 11, 31), { earliestDate }, now)).toBe("must not be before 2020-01-01, the earliest date accepted");
    expect(timeProblem(Date.UTC(2019, 11, 31), {}, now)).toBeNull();
    expect(timeProblem(Date.UTC(2020, 0, 1, 12), { earliestDate: Date.UTC(2020, 0, 1, 12, 30) }, now)).toMatch(
      /before 2020-01-01T12:30:00.000Z/,
    );
  });
});
