import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  addSymmetricProductLower,
  choleskyFactor,
  choleskySolveInPlace,
  dot,
  dot4,
  gramian,
  gramianBlocked,
  ridgedTimes,
} from "../../src/model/linalg";
import { createGaussian, createRandom } from "../../src/model/random";

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const g = createGaussian(createRandom(seed));
  return Float64Array.from({ length: rows * cols }, () => g());
}

describe("gramian", () => {
  it("equals AᵀA + ridge·I computed by ml-matrix", () => {
    const a = randomMatrix(9, 4, 1);
    const m = new Matrix(Array.from({ length: 9 }, (_, r) => Array.from(a.subarray(r * 4, r * 4 + 4))));
    const expected = m.transpose().mmul(m).add(Matrix.eye(4).mul(0.5));
    const g = gramian(a, 9, 4, 0.5);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(g[i * 4 + j]).toBeCloseTo(expected.get(i, j), 10);
  });
});

describe("cholesky", () => {
  it("solves a symmetric positive definite system as ml-matrix does", () => {
    const k = 6;
    const a = gramian(randomMatrix(20, k, 2), 20, k, 0.1);
    const b = randomMatrix(1, k, 3);
    const expected = new CholeskyDecomposition(
      new Matrix(Array.from({ length: k }, (_, r) => Array.from(a.subarray(r * k, r * k + k)))),
    ).solve(Matrix.columnVector(Array.from(b)));
    const l = a.slice();
    const x = b.slice();
    choleskyFactor(l, k);
    choleskySolveInPlace(l, k, x);
    for (let i = 0; i < k; i++) expect(x[i]).toBeCloseTo(expected.get(i, 0), 10);
  });

  it("refuses a matrix that is not positive definite", () => {
    const a = Float64Array.from([1, 2, 2, 1]);
    expect(() => choleskyFactor(a, 2)).toThrow(/not positive definite/);
  });
});

describe("addSymmetricProductLower", () => {
  it.each([
    [1, 3],
    [3, 1],
    [4, 7],
    [5, 2],
    [8, 13],
    [11, 6],
  ])("adds W·Zᵀ to the lower triangle, one product at a time, for k = %i and n = %i", (k, n) => {
    const z = randomMatrix(k, n, 4);
    const w = randomMatrix(k, n, 5);
    const a = randomMatrix(k, k, 6);
    const expected = a.slice();
    for (let f = 0; f < k; f++) for (let g = 0; g <= f; g++) for (let p = 0; p < n; p++) expected[f * k + g] += w[f * n + p] * z[g * n + p];
    addSymmetricProductLower(a, k, w, z, n);
    for (let f = 0; f < k; f++) for (let g = 0; g <= f; g++) expect(a[f * k + g]).toBeCloseTo(expected[f * k + g], 12);
  });

  it("leaves the matrix as it was when there are no items", () => {
    const a = randomMatrix(6, 6, 7);
    const before = a.slice();
    addSymmetricProductLower(a, 6, new Float64Array(0), new Float64Array(0), 0);
    expect(a).toEqual(before);
  });
});

describe("the blocked kernels", () => {
  const random = createRandom(17);
  it.each([
    [1, 3],
    [7, 5],
    [64, 13],
  ])("gramianBlocked equals the plain gramian for %i × %i", (n, k) => {
    const a = Float64Array.from({ length: n * k }, () => random() - 0.5);
    const fast = gramianBlocked(a, n, k);
    gramian(a, n, k).forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 12));
  });

  it.each([3, 8, 13])("dot4 and ridgedTimes equal the plain sums with %i entries", (k) => {
    const g = gramian(
      Float64Array.from({ length: 4 * k }, () => random()),
      4,
      k,
    );
    const v = Float64Array.from({ length: k + 2 }, () => random());
    const out = new Float64Array(k);
    ridgedTimes(g, 0.5, v, 2, out, k);
    for (let f = 0; f < k; f++) expect(out[f]).toBeCloseTo(dot(g, f * k, v, 2, k) + 0.5 * v[2 + f], 12);
    expect(dot4(v, 2, out, 0, k)).toBeCloseTo(dot(v, 2, out, 0, k), 12);
  });
});
