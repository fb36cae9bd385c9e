/**
 * Training throughput: seconds per ALS iteration for each solver (CG on the WebAssembly kernel and on
 * the TypeScript one, so before and after show in one run), on one thread and on every core, with
 * the final loss, on the sample, Online Retail and a synthetic 10,000 × 5,000 shop of about 500,000
 * pairs; for CG, the ratio to the reference C++ implementation's figures.
 *   npm run bench:train [-- --iterations 5 --factors 64 --threads 2]
 */
import os from "node:os";
import { Command } from "commander";
import { readDataset } from "../src/importers";
import { type AlsKernel, type AlsSolver, trainAls } from "../src/model/als";
import { type Csr, csrFromTriples } from "../src/model/csr";
import { createRandom } from "../src/model/random";
import { withAlsThreads } from "../src/runtime/als-threads";
import { loadIntoStore } from "../src/training/import.service";
import { DEFAULT_TRAINING_OPTIONS } from "../src/training/training.service";
import { loadWeightMatrix } from "../src/training/weight-matrix";
import { Store } from "../src/store";
import { benchDatasets, tempDbPath } from "./bench-common";

/** The reference implementation's CG seconds per iteration (64 factors, 3 CG steps, float32) on this machine class, by threads. */
const REFERENCE_CG: Record<string, Record<number, number>> = {
  "online-retail": { 1: 0.094, 2: 0.062 },
  synthetic: { 1: 0.23, 2: 0.12 },
};

const o = new Command()
  .option("--iterations <n>", "iterations per run (the first is not timed)", (v) => Number(v), 5)
  .option("--factors <n>", "factors", (v) => Number(v), DEFAULT_TRAINING_OPTIONS.factors)
  .option("--threads <n>", "the many-thread runs' thread count (default: every core)", (v) => Number(v), os.availableParallelism())
  .parse()
  .opts<{ iterations: number; factors: number; threads: number }>();

/** 10,000 customers × 5,000 products, about 500,000 pairs, with heavy customers and popular products (seeded). */
function syntheticShop(): Csr {
  const random = createRandom(2024);
  const n = 520_000;
  const rows = Int32Array.from({ length: n }, () => Math.floor(random() ** 1.5 * 10_000));
  const cols = Int32Array.from({ length: n }, () => Math.floor(random() ** 2 * 5_000));
  const values = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 3));
  return csrFromTriples(10_000, 5_000, rows, cols, values);
}

async function datasets(): Promise<{ name: string; weights: Csr }[]> {
  const out: { name: string; weights: Csr }[] = [];
  for (const set of benchDatasets()) {
    const store = Store.open(tempDbPath(set.name));
    loadIntoStore(store, await readDataset(set.format, set.input));
    out.push({ name: set.name, weights: loadWeightMatrix(store, DEFAULT_TRAINING_OPTIONS, {}).weights });
    store.close();
  }
  out.push({ name: "synthetic", weights: syntheticShop() });
  return out;
}

function run(weights: Csr, solver: AlsSolver, kernel: AlsKernel, threads: number): { perIteration: number; loss: number } {
  const options = { ...DEFAULT_TRAINING_OPTIONS, factors: o.factors, iterations: o.iterations, solver, kernel };
  const result = withAlsThreads(threads, (runtime) => trainAls(weights, options, undefined, runtime));
  // The first sweep also compiles the kernels: it is left out of the average when there are others.
  const timed = result.history.length > 1 ? result.history.slice(1) : result.history;
  const perIteration = timed.reduce((s, h) => s + h.seconds, 0) / timed.length;
  return { perIteration, loss: result.history.at(-1)!.loss };
}

async function main() {
  console.log(`ALS training, ${o.factors} factors, ${o.iterations} iterations per run; 1 and ${o.threads} threads`);
  console.log("dataset         customers  products     pairs  solver     threads  s/iteration      final loss  × reference");
  const solvers: [AlsSolver, AlsKernel, string][] = [
    ["cg", "wasm", "cg wasm"],
    ["cg", "js", "cg js"],
    ["cholesky", "js", "cholesky"],
  ];
  for (const { name, weights } of await datasets()) {
    for (const [solver, kernel, label] of solvers) {
      for (const threads of [...new Set([1, o.threads])]) {
        const { perIteration, loss } = run(weights, solver, kernel, threads);
        const reference = solver === "cg" && o.factors === 64 ? REFERENCE_CG[name]?.[threads] : undefined;
        console.log(
          `${name.padEnd(14)} ${String(weights.rows).padStart(10)} ${String(weights.cols).padStart(9)} ${String(weights.indices.length).padStart(9)}  ` +
            `${label.padEnd(10)} ${String(threads).padStart(7)} ${perIteration.toFixed(3).padStart(12)} ${loss.toFixed(6).padStart(15)}` +
            `  ${reference === undefined ? "" : (perIteration / reference).toFixed(2).padStart(11)}`,
        );
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
