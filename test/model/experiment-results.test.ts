import { describe, expect, it } from "vitest";
import type { Experiment } from "../../src/domain/merchandising";
import { type ArmCounts, experimentResults } from "../../src/model/experiment-results";

const experiment = (arms: string[]): Experiment => ({
  id: "e",
  name: "e",
  description: null,
  placements: null,
  arms: arms.map((name) => ({ name, share: 1 / arms.length, ranker: "model", ruleSets: [] })),
  control: arms[0],
  startedAt: 0,
  stoppedAt: null,
});

const counts = (arm: string, lists: number, listsPurchased: number, revenuePerBuyer = 10): ArmCounts => ({
  arm,
  lists,
  impressions: lists * 10,
  views: listsPurchased,
  carts: 0,
  purchases: listsPurchased,
  listsViewed: listsPurchased,
  listsPurchased,
  revenue: listsPurchased * revenuePerBuyer,
  revenueSquares: listsPurchased * revenuePerBuyer ** 2,
});

describe("experiment results", () => {
  it("call an arm better when its conversion's p-value is below 0.05 (250 of 1000 against 200 of 1000: p = 0.0074)", () => {
    const r = experimentResults(experiment(["a", "b"]), [counts("a", 1000, 200), counts("b", 1000, 250)]);
    const [a, b] = r.arms;
    expect(a.control).toBe(true);
    expect(a.vsControl).toBeNull();
    expect(b.conversion.value).toBe(0.25);
    expect(b.vsControl!.conversion).toMatchObject({ verdict: "better", relativeUplift: expect.closeTo(0.25, 9) });
    expect(b.vsControl!.conversion.pValue).toBeCloseTo(0.00742, 5);
    // Revenue per list: 2.5 against 2.0, each list 0 or 10.
    expect(b.revenuePerList.value).toBe(2.5);
    expect(b.vsControl!.revenuePerList.verdict).toBe("better");
  });

  it("divide 0.05 by the arms compared (Bonferroni), so p = 0.0074 is not called among 8 arms", () => {
    const arms = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const r = experimentResults(experiment(arms), [
      counts("a", 1000, 200),
      counts("b", 1000, 250),
      ...arms.slice(2).map((x) => counts(x, 1000, 200)),
    ]);
    expect(r.threshold).toBeCloseTo(0.05 / 7, 12);
    expect(r.arms[1].vsControl!.conversion.verdict).toBe("noDifference");
  });

  it("say the sample is too small under 30 lists or 5 events an arm, and show an arm with nothing served at zero", () => {
    const r = experimentResults(experiment(["a", "b", "c"]), [counts("a", 29, 10), counts("b", 1000, 3)]);
    expect(r.arms[1].vsControl!.conversion.verdict).toBe("tooSmall");
    expect(r.arms[2]).toMatchObject({ lists: 0, impressions: 0, conversion: { value: 0 } });
    expect(r.arms[2].vsControl!.conversion.verdict).toBe("tooSmall");
  });

  it("find no difference between arms that convert alike", () => {
    const r = experimentResults(experiment(["a", "b"]), [counts("a", 1000, 200), counts("b", 1000, 205)]);
    expect(r.arms[1].vsControl!.conversion.verdict).toBe("noDifference");
    expect(r.arms[1].vsControl!.clickThrough.verdict).toBe("noDifference");
  });
});
