import { describe, expect, it } from "vitest";
import {
  actionFor,
  quintileScores,
  RFM_SEGMENTS,
  type RfmThresholds,
  scoreCustomer,
  scoreRfm,
  segmentFor,
  thresholdProblem,
} from "../../src/model/rfm";

describe("quintileScores", () => {
  it("scores ten distinct values two per quintile", () => {
    expect(Array.from(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]))).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it("gives equal values the same score", () => {
    const scores = quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);
    expect(new Set(Array.from(scores.slice(0, 6))).size).toBe(1);
    expect(scores[9]).toBe(5);
  });
});

describe("segments", () => {
  it("maps the corners of the grid to the expected segments", () => {
    expect(segmentFor(5, 5, 5)).toBe("Champions");
    expect(segmentFor(1, 1, 1)).toBe("Lost");
    expect(segmentFor(1, 5, 5)).toBe("Cannot Lose Them");
    expect(segmentFor(5, 1, 1)).toBe("New Customers");
    expect(segmentFor(2, 4, 3)).toBe("At Risk");
  });

  it("every segment in the grid has an action", () => {
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) expect(actionFor(segmentFor(r, fm, fm))).not.toBe("");
    expect(Object.keys(RFM_SEGMENTS)).toHaveLength(11);
  });

  it("scores recent, frequent, big spenders as Champions and long-gone one-off buyers as Lost", () => {
    const customers = Array.from({ length: 20 }, (_, i) => ({ recencyDays: 200 - i * 10, frequency: 1 + i, monetary: 10 * (i + 1) }));
    const scored = scoreRfm(customers);
    expect(scored[19]).toMatchObject({ r: 5, f: 5, m: 5, label: "Champions" });
    expect(scored[0]).toMatchObject({ r: 1, f: 1, m: 1, label: "Lost" });
  });
});

describe("hand-set thresholds", () => {
  // Cut points between scores 1|2, 2|3, 3|4, 4|5. A value equal to a cut point takes the lower score;
  // recency is inverted: at most 30 days scores R = 5, more than 180 days R = 1.
  const thresholds: RfmThresholds = { recency: [30, 60, 90, 180], frequency: [1, 2, 4, 8], monetary: [50, 100, 200, 500] };

  it.each([
    // recencyDays, frequency, monetary → r, f, m, label (fm = round((f + m) / 2))
    [0, 9, 1000, 5, 5, 5, "Champions"], // above every cut: f = m = 5
    [30, 8, 500, 5, 4, 4, "Champions"], // each figure equal to a cut point: the lower score (R: 30 days is still 5)
    [31, 1, 50, 4, 1, 1, "Promising"], // a day past the first recency cut; f, m at their first cut: 1
    [60, 8, 50, 4, 4, 1, "Potential Loyalist"], // fm = round(2.5) = 3
    [90, 3, 200, 3, 3, 3, "Need Attention"],
    [100, 20, 600, 2, 5, 5, "Cannot Lose Them"],
    [180, 5, 150, 2, 4, 3, "At Risk"], // 180 days equals the last cut: R = 2; fm = round(3.5) = 4
    [181, 2, 100, 1, 2, 2, "Hibernating"], // past the last cut: R = 1
    [365, 1, 10, 1, 1, 1, "Lost"],
  ] as const)("score %i days, %i orders, %d spent as R %i, F %i, M %i: %s", (recencyDays, frequency, monetary, r, f, m, label) => {
    const figures = { recencyDays, frequency, monetary };
    expect(scoreCustomer(figures, thresholds)).toEqual({ ...figures, r, f, m, label });
    expect(segmentFor(r, f, m)).toBe(label);
  });

  it("score a population against the given thresholds, not its own quintiles", () => {
    // All five customers would spread over five quintiles on their own; against the thresholds they do not.
    const customers = [
      { recencyDays: 1, frequency: 1, monetary: 10 },
      { recencyDays: 2, frequency: 1, monetary: 20 },
      { recencyDays: 3, frequency: 2, monetary: 30 },
      { recencyDays: 4, frequency: 2, monetary: 40 },
      { recencyDays: 5, frequency: 2, monetary: 50 },
    ];
    const scored = scoreRfm(customers, thresholds);
    expect(scored.map(({ r, f, m, label }) => [r, f, m, label])).toEqual([
      [5, 1, 1, "New Customers"],
      [5, 1, 1, "New Customers"],
      [5, 2, 1, "Potential Loyalist"], // fm = round(1.5) = 2
      [5, 2, 1, "Potential Loyalist"],
      [5, 2, 1, "Potential Loyalist"],
    ]);
    expect(scoreRfm(customers).map((s) => s.r)).toEqual([5, 4, 3, 2, 1]); // their own quintiles, for contrast
  });

  it("are accepted when each figure has four ascending numbers, ties allowed", () => {
    expect(thresholdProblem(thresholds)).toBeNull();
    expect(thresholdProblem({ ...thresholds, frequency: [1, 1, 2, 2] })).toBeNull();
  });

  it.each<[string, Partial<Record<keyof RfmThresholds, unknown>>, string]>([
    ["three numbers", { recency: [30, 60, 90] }, "recency needs four numbers"],
    ["five numbers", { monetary: [1, 2, 3, 4, 5] }, "monetary needs four numbers"],
    ["a NaN", { frequency: [1, Number.NaN, 4, 8] }, "frequency needs four numbers"],
    ["an infinity", { monetary: [50, 100, 200, Infinity] }, "monetary needs four numbers"],
    ["not a list", { recency: "30,60,90,180" }, "recency needs four numbers"],
    ["a descending pair", { frequency: [1, 4, 2, 8] }, "frequency thresholds must ascend"],
    ["a descending list", { monetary: [500, 200, 100, 50] }, "monetary thresholds must ascend"],
  ])("are refused for %s, with a message naming the figure", (_case, change, message) => {
    expect(thresholdProblem({ ...thresholds, ...change } as RfmThresholds)).toBe(message);
  });

  it("are checked figure by figure, the first problem reported", () => {
    expect(thresholdProblem({ recency: [1, 2, 3], frequency: [4, 3, 2, 1], monetary: [] })).toBe("recency needs four numbers");
    expect(thresholdProblem({ recency: [1, 2, 3, 4], frequency: [4, 3, 2, 1], monetary: [] })).toBe("frequency thresholds must ascend");
  });
});
