import { describe, expect, it } from "vitest";
import { actionFor, quintileScores, RFM_SEGMENTS, scoreRfm, segmentFor } from "../../src/model/rfm";

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
