/**
 * Training throughput: seconds per ALS iteration for each solver, on the sample and Online Retail.
 *   npm run bench:train [-- --iterations 5 --factors 64]
 */
import { Command } from "commander";
import { readDataset } from "../src/data";
import { trainAls } from "../src/model/als";
import { loadIntoStore } from "../src/services/import.service";
import { DEFAULT_TRAINING_OPTIONS } from "../src/services/training.service";
import { loadWeightMatrix } from "../src/services/weight-matrix";
import { Store } from "../src/store";
import { benchDatasets, tempDbPath } from "./bench-common";

const o = new Command()
  .option("--iterations <n>", "iterations per run", (v) => Number(v), 5)
  .option("--factors <n>", "factors", (v) => Number(v), DEFAULT_TRAINING_OPTIONS.factors)
  .parse()
  .opts<{ iterations: number; factors: number }>();

async function main() {
  console.log(`ALS training, ${o.factors} factors, ${o.iterations} iterations per run`);
  console.log("dataset         customers  products     pairs  solver     s/iteration  pairs/s");
  for (const set of benchDatasets()) {
    const store = Store.open(tempDbPath(set.name));
    loadIntoStore(store, await readDataset(set.format, set.input));
    const { customers, products, weights } = loadWeightMatrix(store, DEFAULT_TRAINING_OPTIONS, {});
    store.close();
    const pairs = weights.indices;
    for (const solver of ["cg", "cholesky"] as const) {
      const result = trainAls(weights, { ...DEFAULT_TRAINING_OPTIONS, factors: o.factors, iterations: o.iterations, solver });
      const perIteration = result.history.reduce((s, h) => s + h.seconds, 0) / result.history.length;
      console.log(
        `${set.name.padEnd(14)} ${String(customers.size).padStart(10)} ${String(products.size).padStart(9)} ${String(pairs.length).padStart(9)}  ` +
          `${solver.padEnd(9)} ${perIteration.toFixed(3).padStart(12)} ${Math.round(pairs.length / perIteration)
            .toLocaleString("en-US")
            .padStart(10)}`,
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
