import { describe, expect, it } from "vitest";
import { MetricAccumulator, rankingMetrics } from "../../src/model/metrics";

describe("ranking metrics", () => {
  // Recommended [7, 3, 9, 1, 5]; the user bought 3, 5 and 8. Hits at positions 2 and 5.
  const ranked = [7, 3, 9, 1, 5];
  const relevant = new Set([3, 5, 8]);
  const m = rankingMetrics(ranked, relevant, 5);

  it("precision@5 = 2/5 and recall@5 = 2/3", () => {
    expect(m.precision).toBeCloseTo(2 / 5, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.hitRate).toBe(1);
  });

  it("NDCG@5 = (1/log2 3 + 1/log2 6) / (1 + 1/log2 3 + 1/log2 4)", () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(6);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
  });

  it("AP@5 = (1/2 + 2/5) / 3", () => {
    expect(m.averagePrecision).toBeCloseTo((1 / 2 + 2 / 5) / 3, 12);
  });

  it("a perfect list scores 1 on NDCG, AP and recall", () => {
    const perfect = rankingMetrics([3, 5, 8, 1], relevant, 4);
    expect(perfect).toMatchObject({ ndcg: 1, averagePrecision: 1, recall: 1, precision: 3 / 4 });
  });

  it("AP and NDCG normalise by min(k, |relevant|)", () => {
    const many = new Set([1, 2, 3, 4, 5, 6]);
    expect(rankingMetrics([1, 2], many, 2)).toMatchObject({ ndcg: 1, averagePrecision: 1, recall: 2 / 6 });
  });

  it("a list without hits scores zero", () => {
    expect(rankingMetrics([10, 11], relevant, 2)).toEqual({ precision: 0, recall: 0, hitRate: 0, ndcg: 0, averagePrecision: 0 });
  });

  it("reads only the first k of a longer list", () => {
    expect(rankingMetrics([7, 3, 9, 1, 5], relevant, 2).precision).toBeCloseTo(1 / 2, 12);
  });
});

describe("MetricAccumulator", () => {
  it("averages over users and measures catalogue coverage", () => {
    const acc = new MetricAccumulator(2, 10);
    acc.add([1, 2], new Set([1])); // hit at 1: ndcg 1
    acc.add([1, 3], new Set([9])); // no hit
    const s = acc.summary();
    expect(s).toMatchObject({ users: 2, k: 2, hitRate: 0.5, ndcg: 0.5, precision: 0.25, recall: 0.5 });
    expect(s.coverage).toBeCloseTo(3 / 10, 12);
  });
});
