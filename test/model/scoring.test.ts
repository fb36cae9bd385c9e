import { describe, expect, it } from "vitest";
import { createGaussian, createRandom } from "../../src/model/random";
import { cosineToRow, rowNorms, scoreAll } from "../../src/model/scoring";

function matrix(n: number, k: number, seed: number): Float32Array {
  const g = createGaussian(createRandom(seed));
  return Float32Array.from({ length: n * k }, () => g());
}

const naiveDot = (y: Float32Array, i: number, x: ArrayLike<number>, k: number) => {
  let s = 0;
  for (let f = 0; f < k; f++) s += y[i * k + f] * x[f];
  return s;
};

describe("scoreAll", () => {
  it.each([
    [1, 3],
    [2, 4],
    [7, 5],
    [10, 8],
    [9, 13],
  ])("gives every one of %i rows its dot product with x, for k = %i", (n, k) => {
    const y = matrix(n, k, 1);
    const x = Array.from(matrix(1, k, 2));
    const out = scoreAll(y, n, k, x, new Float32Array(n));
    for (let i = 0; i < n; i++) expect(out[i]).toBeCloseTo(naiveDot(y, i, x, k), 5);
  });
});

describe("cosineToRow", () => {
  it("gives the cosine to the chosen row, 1 for the row itself, and NaN for a zero row", () => {
    const n = 7;
    const k = 6;
    const y = matrix(n, k, 3);
    y.fill(0, 4 * k, 5 * k); // row 4 has no vector
    const norms = rowNorms(y, n, k);
    const out = cosineToRow(y, norms, n, k, 2, new Float32Array(n));
    for (let j = 0; j < n; j++) {
      if (j === 4) expect(out[j]).toBeNaN();
      else expect(out[j]).toBeCloseTo(naiveDot(y, j, y.subarray(2 * k, 3 * k), k) / (norms[j] * norms[2]), 5);
    }
    expect(out[2]).toBeCloseTo(1, 6);
  });
});
