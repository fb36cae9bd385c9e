import { describe, expect, it } from "vitest";
import { type AlsOptions, DEFAULT_ALS_OPTIONS, trainAls } from "../../src/model/als";
import { csrFromTriples } from "../../src/model/csr";
import { createRandom } from "../../src/model/random";
import os from "node:os";
import { AlsThreads, chunkSize, claimChunk, CONTROL, MIN_PARALLEL_WORK, threadsFor, withAlsThreads } from "../../src/runtime/als-threads";

/** A random 3,000 × 800 shop with heavy customers and popular products: each sweep lasts long enough for the workers to join. */
function shop() {
  const random = createRandom(9);
  const n = 40_000;
  const rows = Int32Array.from({ length: n }, () => Math.floor(random() ** 2 * 3000));
  const cols = Int32Array.from({ length: n }, () => Math.floor(random() ** 2 * 800));
  const values = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 4));
  return csrFromTriples(3000, 800, rows, cols, values);
}

const OPTIONS: AlsOptions = { ...DEFAULT_ALS_OPTIONS, factors: 16, iterations: 3 };

describe("ALS on several threads", () => {
  const weights = shop();
  const single = trainAls(weights, OPTIONS);

  it("trains on the WebAssembly kernel by default", () => {
    expect(single.kernel).toBe("wasm");
  });

  it.each([2, 3])("trains exactly the factors one thread trains, on %i threads", (threads) => {
    const runtime = new AlsThreads(threads);
    const parallel = trainAls(weights, OPTIONS, undefined, runtime);
    runtime.close();
    // The workers took part: they solved some of the rows.
    expect(runtime.workerShare).toBeGreaterThan(0);
    expect(Array.from(parallel.userFactors)).toEqual(Array.from(single.userFactors));
    expect(Array.from(parallel.itemFactors)).toEqual(Array.from(single.itemFactors));
    expect(parallel.history.map((h) => h.loss)).toEqual(single.history.map((h) => h.loss));
  });

  it("does so with the TypeScript CG kernel too", () => {
    const js = { ...OPTIONS, kernel: "js" as const };
    const reference = trainAls(weights, js);
    const parallel = withAlsThreads(2, (runtime) => trainAls(weights, js, undefined, runtime));
    expect(parallel.kernel).toBe("js");
    expect(Array.from(parallel.userFactors)).toEqual(Array.from(reference.userFactors));
    expect(Array.from(reference.userFactors)).not.toEqual(Array.from(single.userFactors));
  });

  it("does so with the exact solver too", () => {
    const exact = { ...OPTIONS, solver: "cholesky" as const };
    const reference = trainAls(weights, exact);
    const parallel = withAlsThreads(2, (runtime) => trainAls(weights, exact, undefined, runtime));
    expect(Array.from(parallel.userFactors)).toEqual(Array.from(reference.userFactors));
  });

  it("stops with the row solver's error, whichever thread it ran on", () => {
    // Without a ridge, 8 factors over 5 products leave every row's system singular.
    const tiny = csrFromTriples(
      40,
      5,
      Array.from({ length: 40 }, (_, u) => u),
      Array.from({ length: 40 }, (_, u) => u % 5),
      Array(40).fill(1),
    );
    const singular = { ...OPTIONS, solver: "cholesky" as const, regularization: 0 };
    expect(() => withAlsThreads(2, (runtime) => trainAls(tiny, singular, undefined, runtime))).toThrow(/not positive definite/);
  });

  it("keeps its arrays in shared memory, for the workers", () => {
    const runtime = new AlsThreads(2);
    try {
      expect(runtime.float64(4).buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(runtime.int32(4).buffer).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      runtime.close();
    }
  });

  it("refuses a second training run, whose arrays its workers do not have", () => {
    const runtime = new AlsThreads(2);
    try {
      trainAls(weights, OPTIONS, undefined, runtime);
      expect(() => trainAls(weights, OPTIONS, undefined, runtime)).toThrow(/solves one training run/);
    } finally {
      runtime.close();
    }
  });

  it("refuses a thread count that is not a positive integer", () => {
    expect(() => new AlsThreads(0)).toThrow(/threads must be a positive integer/);
    expect(() => new AlsThreads(1.5)).toThrow(/threads must be a positive integer/);
  });
});

describe("the number of threads", () => {
  it("is what was asked for, whatever the size", () => {
    expect(threadsFor(3, 10, { factors: 8, iterations: 1 })).toBe(3);
    expect(threadsFor(1, 10_000_000, { factors: 64, iterations: 15 })).toBe(1);
  });

  it("is one for a problem too small to gain from more, and every core otherwise", () => {
    expect(threadsFor(undefined, MIN_PARALLEL_WORK / 64 / 15 - 1, { factors: 64, iterations: 15 })).toBe(1);
    expect(threadsFor(undefined, 262_389, { factors: 64, iterations: 15 })).toBe(os.availableParallelism());
  });
});

describe("claiming chunks of rows", () => {
  it("hands out every chunk once, then none", () => {
    const control = new Int32Array(4);
    control[CONTROL.CLAIM] = 7 * 65_536;
    const claimed = Array.from({ length: 6 }, () => claimChunk(control, 7, 4));
    expect(claimed).toEqual([0, 1, 2, 3, -1, -1]);
  });

  it("hands out nothing to a thread still on an earlier task", () => {
    const control = new Int32Array(4);
    control[CONTROL.CLAIM] = 8 * 65_536;
    expect(claimChunk(control, 7, 4)).toBe(-1);
    expect(control[CONTROL.CLAIM]).toBe(8 * 65_536);
  });

  it("cuts a side into at most 65,535 chunks of at least 16 rows", () => {
    expect(chunkSize(100)).toBe(16);
    expect(Math.ceil(10_000_000 / chunkSize(10_000_000))).toBeLessThan(65_536);
  });
});
