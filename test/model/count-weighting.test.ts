import { describe, expect, it } from "vitest";
import { BM25_B, BM25_K1, bm25Idf, bm25Matrix, bm25Row, bm25Weight, countWeightsOf } from "../../src/model/count-weighting";
import { csrFromTriples } from "../../src/model/csr";

// Three customers, three products: customer 0 played product 0 ten thousand times.
const matrix = csrFromTriples(3, 3, [0, 0, 1, 1, 2], [0, 1, 0, 2, 0], [10_000, 1, 2, 3, 1]);

describe("BM25 weighting of counts", () => {
  it("gives a product fewer customers bought a larger idf, and every product a positive one", () => {
    const idf = bm25Idf([3, 1, 0], 3);
    expect(idf[0]).toBeCloseTo(Math.log1p(0.5 / 3.5), 12);
    expect(idf[1]).toBeCloseTo(Math.log1p(2.5 / 1.5), 12);
    expect(idf[0]).toBeGreaterThan(0);
    expect(idf[1]).toBeGreaterThan(idf[0]);
    expect(idf[2]).toBeGreaterThan(idf[1]);
  });

  it("weighs one count by the formula, by hand", () => {
    // w = 3 in a row summing to 5 where rows sum to 10 on average, idf 2.
    const length = 1 - BM25_B + (BM25_B * 5) / 10;
    expect(bm25Weight(3, 5, 2, 10)).toBeCloseTo(((3 * (BM25_K1 + 1)) / (3 + BM25_K1 * length)) * 2, 12);
  });

  it("damps a huge count to at most (K1 + 1)·idf, keeping the matrix's sparsity and every weight positive", () => {
    const figures = countWeightsOf(matrix);
    const weighed = bm25Matrix(matrix, figures);
    expect(Array.from(weighed.indices)).toEqual(Array.from(matrix.indices));
    expect(Array.from(weighed.data).every((w) => w > 0)).toBe(true);
    expect(weighed.data[0]).toBeLessThan((BM25_K1 + 1) * figures.idf[0]);
    // The raw count is ten thousand times the next one; weighed, far less.
    expect(weighed.data[0] / weighed.data[1]).toBeLessThan(100);
  });

  it("weighs a row alone exactly as the whole matrix weighed it (what fold-in relies on)", () => {
    const figures = countWeightsOf(matrix);
    const weighed = bm25Matrix(matrix, figures);
    for (let r = 0; r < 3; r++) {
      const [start, end] = [matrix.indptr[r], matrix.indptr[r + 1]];
      const row = bm25Row(matrix.indices.subarray(start, end), matrix.data.subarray(start, end), figures);
      expect(Array.from(row)).toEqual(Array.from(weighed.data.subarray(start, end)));
    }
  });

  it("takes each column's customers for idf and the mean of the row sums for length", () => {
    const figures = countWeightsOf(matrix);
    expect(Array.from(figures.idf)).toEqual(Array.from(bm25Idf([3, 1, 1], 3)));
    expect(figures.meanRowSum).toBeCloseTo((10_001 + 5 + 1) / 3, 9);
  });
});
