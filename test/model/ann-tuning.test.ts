import { describe, expect, it } from "vitest";
import { AnnIndex, type AnnMetric, DEFAULT_ANN_OPTIONS, longestRows } from "../../src/model/ann-index";
import { sampleRows, tuneAnn } from "../../src/model/ann-tuning";
import { createGaussian, createRandom } from "../../src/model/random";
import { rowNorms, scoreAll } from "../../src/model/scoring";
import { topK } from "../../src/model/top-k";
import { IdIndex } from "../../src/store";
import { annTop } from "../../src/serving/ann-search";
import type { LiveModel } from "../../src/serving/live-model";

const K = 8;

/** n products in 20 clusters whose lengths spread log-normally, as trained factors' do. */
function factors(n: number, seed: number, spread = 1) {
  const gaussian = createGaussian(createRandom(seed));
  const centres = Array.from({ length: 20 }, () => Array.from({ length: K }, () => gaussian()));
  const y = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    const length = Math.exp(spread * gaussian());
    for (let f = 0; f < K; f++) y[i * K + f] = length * (centres[i % 20][f] + 0.4 * gaussian());
  }
  const query = () => Float32Array.from({ length: K }, () => gaussian());
  const queries = (count: number) => {
    const out = new Float32Array(count * K);
    for (let s = 0; s < count; s++) out.set(query(), s * K);
    return out;
  };
  return { y, query, queries };
}

/**
 * A graph that finds the exact top by inner product (or cosine) except the rows `hidden` says it
 * cannot reach at the ef of the search: what tuneAnn measures, with known misses.
 */
function stubGraph(y: Float32Array, n: number, hidden: (row: number, ef: number) => boolean, metric: AnnMetric = "ip") {
  const norms = rowNorms(y, n, K);
  const stub = {
    k: K,
    metric,
    size: n,
    options: DEFAULT_ANN_OPTIONS,
    efSearch: DEFAULT_ANN_OPTIONS.efSearch,
    headCount: -1,
    /** The ef of each search, once each in order. */
    efs: [] as number[],
    search(x: Float32Array, count: number) {
      if (stub.efs.at(-1) !== stub.efSearch) stub.efs.push(stub.efSearch);
      const scores = scoreAll(y, n, K, x, new Float32Array(n));
      if (metric === "cosine") for (let i = 0; i < n; i++) scores[i] /= norms[i];
      const skip = Uint8Array.from({ length: n }, (_, i) => (hidden(i, stub.efSearch) ? 1 : 0));
      return Int32Array.from(topK(scores, count, skip), (r) => r.index);
    },
    setHead(_factors: Float32Array, count: number) {
      stub.headCount = count;
    },
  };
  return stub;
}

describe("measuring a graph at build", () => {
  it("sizes the head to reach the longest product the graph misses from the sample's exact top 10", () => {
    const n = 1000;
    const { y } = factors(n, 3);
    const byLength = longestRows(rowNorms(y, n, K), n);
    // The graph misses the 4th and the 41st longest products; each is its own query's best match.
    const missed = [byLength[3], byLength[40]];
    const queries = new Float32Array(missed.flatMap((row) => Array.from(y.subarray(row * K, (row + 1) * K))));
    for (const row of missed)
      expect(Array.from(topK(scoreAll(y, n, K, y.subarray(row * K, (row + 1) * K), new Float32Array(n)), 10), (r) => r.index)).toContain(
        row,
      );
    const graph = stubGraph(y, n, (row) => missed.includes(row));
    const { options, tuning } = tuneAnn(graph as unknown as AnnIndex, y, queries, null, { target: 1, minHead: 0, maxHeadShare: 0.1 });
    expect(tuning).toEqual({ metric: "ip", efSearch: 100, head: 41, recall: 1, queries: 2 });
    expect(options).toEqual({ ...DEFAULT_ANN_OPTIONS, head: 41 });
    expect(graph.headCount).toBe(41);
  });

  it("keeps the head at its least when the graph misses no more than the target allows", () => {
    const n = 1000;
    const shop = factors(n, 4);
    const { y } = shop;
    const queries = shop.queries(50);
    const graph = stubGraph(y, n, () => false);
    expect(tuneAnn(graph as unknown as AnnIndex, y, queries, null).tuning).toMatchObject({ efSearch: 100, head: 256, recall: 1 });
    expect(tuneAnn(graph as unknown as AnnIndex, y, queries, null, { minHead: 0 }).tuning.head).toBe(0);
  });

  it("doubles ef until the lists find what a head of at most the allowed size cannot", () => {
    const n = 2000;
    const { y, query } = factors(n, 5);
    const lengthRank = new Map(Array.from(longestRows(rowNorms(y, n, K), n), (row, place) => [row, place]));
    // The shortest product of a query's exact top 10, far out of any allowed head (20), that searches find from ef 400 on.
    const queries = query();
    const top = topK(scoreAll(y, n, K, queries, new Float32Array(n)), 10).map((r) => r.index);
    const middle = top.reduce((a, b) => (lengthRank.get(a)! > lengthRank.get(b)! ? a : b));
    expect(lengthRank.get(middle)).toBeGreaterThan(20);
    const graph = stubGraph(y, n, (row, ef) => row === middle && ef < 400);
    const { tuning } = tuneAnn(graph as unknown as AnnIndex, y, queries, null, { target: 1, minHead: 0 });
    expect(tuning).toMatchObject({ efSearch: 400, head: 0, recall: 1 });
  });

  it("climbs to the largest ef and keeps the smallest with the best recall when none reaches the target, and gives a graph by cosine no head", () => {
    const n = 600;
    const { y } = factors(n, 6);
    const { rows, vectors } = sampleRows(y, n, K, 30);
    // Each query's nearest other product is out of reach at every ef.
    const nearest = Array.from(rows, (row, s) => {
      const scores = scoreAll(y, n, K, vectors.subarray(s * K, (s + 1) * K), new Float32Array(n));
      const norms = rowNorms(y, n, K);
      for (let i = 0; i < n; i++) scores[i] /= norms[i];
      const skip = new Uint8Array(n);
      skip[row] = 1;
      return topK(scores, 1, skip)[0].index;
    });
    const graph = stubGraph(y, n, (row) => nearest.includes(row), "cosine");
    const { tuning, options } = tuneAnn(graph as unknown as AnnIndex, y, vectors, rows, { maxEf: 800 });
    expect(graph.efs).toEqual([100, 200, 400, 800]);
    expect(tuning.efSearch).toBe(100);
    expect(tuning.head).toBe(0);
    expect(options.head).toBe(0);
    expect(tuning.recall).toBeLessThan(0.99);
  });

  it("leaves products without a length out of the sample", () => {
    const y = new Float32Array(5 * K);
    y.set([1, 2], 1 * K);
    y.set([3], 4 * K);
    const { rows, vectors } = sampleRows(y, 5, K, 10);
    expect(Array.from(rows)).toEqual([1, 4]);
    expect(Array.from(vectors.subarray(K, K + 1))).toEqual([3]);
  });

  it("sets a real graph so that lists through it and its head find 97% of the exact top 10 of queries it was not measured with", () => {
    const n = 3000;
    const { y, query, queries } = factors(n, 7, 1.5);
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const index = AnnIndex.build(ids, y, K);
    const { tuning } = tuneAnn(index, y, queries(200), null);
    expect(tuning.recall).toBeGreaterThanOrEqual(0.99);
    expect(Array.from(index.head)).toEqual(Array.from(longestRows(rowNorms(y, n, K), tuning.head).sort()));
    const model = { ann: index, k: K, productFactors: y, products: new IdIndex(ids), coldGroups: [] } as unknown as LiveModel;
    let hits = 0;
    for (let q = 0; q < 100; q++) {
      const x = query();
      const truth = new Set(topK(scoreAll(y, n, K, x, new Float32Array(n)), 10).map((r) => r.index));
      hits += annTop(model, x, 10, new Uint8Array(n))!.filter((r) => truth.has(r.index)).length;
    }
    expect(hits / 1000).toBeGreaterThanOrEqual(0.97);
  });
});
