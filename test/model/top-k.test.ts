import { describe, expect, it } from "vitest";
import { topK } from "../../src/model/top-k";

describe("topK", () => {
  it("returns the k highest scores, best first", () => {
    expect(topK([0.1, 0.9, 0.5, 0.7, 0.3], 3)).toEqual([
      { index: 1, score: 0.9 },
      { index: 3, score: 0.7 },
      { index: 2, score: 0.5 },
    ]);
  });

  it("never returns a skipped index", () => {
    const result = topK([5, 4, 3, 2, 1], 2, Uint8Array.from([1, 0, 1, 0, 0]));
    expect(result.map((r) => r.index)).toEqual([1, 3]);
  });

  it("breaks ties by the lower index", () => {
    expect(topK([1, 2, 2, 2, 0], 2).map((r) => r.index)).toEqual([1, 2]);
  });

  it("returns fewer than k when there are fewer candidates, and skips NaN", () => {
    expect(topK([Number.NaN, 3, Number.NaN], 5).map((r) => r.index)).toEqual([1]);
    expect(topK([1, 2], 0)).toEqual([]);
  });

  it("agrees with a full sort on random scores", () => {
    const scores = Array.from({ length: 1000 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const expected = scores
      .map((score, index) => ({ index, score }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 25);
    expect(topK(Float64Array.from(scores), 25)).toEqual(expected);
  });
});
