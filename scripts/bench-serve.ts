/**
 * Read latency inside the service (no HTTP): recommendations (with explanations too),
 * similarProducts, frequentlyBoughtTogether and segment, on the sample and Online Retail, for
 * customers and products drawn across the whole population. The store is opened as the server opens
 * it, after a warm-up of unmeasured requests. Writes are measured by `npm run bench:live`.
 *   npm run bench:serve [-- --requests 2000 --warmup 300]
 */
import "reflect-metadata";
import { Command } from "commander";
import { SERVING_STORE } from "../src/config";
import { createServices } from "../src/services";
import { importAndTrain } from "../src/services/pipeline.service";
import { Store } from "../src/store";
import { benchDatasets, tempDbPath, timeIt } from "./bench-common";

const o = new Command()
  .option("--requests <n>", "requests per measurement", (v) => Number(v), 2000)
  .option("--warmup <n>", "unmeasured requests of each kind first", (v) => Number(v), 300)
  .parse()
  .opts<{ requests: number; warmup: number }>();

async function main() {
  console.log(`${"dataset".padEnd(14)} ${"operation".padEnd(42)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const set of benchDatasets()) {
    const dbPath = tempDbPath(set.name);
    await importAndTrain(dbPath, set.format, set.input);
    const store = Store.open(dbPath, SERVING_STORE);
    const { recommender } = createServices(store);
    const model = recommender.holder.current;
    const customers = model.customers.ids;
    const products = model.products.ids.slice(0, model.trainedCount);
    const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length];
    const operations: [string, (i: number) => void][] = [
      ["recommendations(k=10)", (i) => recommender.recommendations(pick(customers, i), 10)],
      [
        "recommendations(k=10) with because(3)",
        (i) => {
          for (const r of recommender.recommendations(pick(customers, i + 1), 10)) recommender.because(r, 3);
        },
      ],
      ["similarProducts(k=10)", (i) => recommender.similarProducts(pick(products, i), 10)],
      ["frequentlyBoughtTogether(k=10)", (i) => recommender.frequentlyBoughtTogether(pick(products, i + 1), 10)],
      ["segment", (i) => recommender.segment(pick(customers, i + 2))],
    ];
    for (const [what, f] of operations) {
      for (let i = 0; i < o.warmup; i++) f(i + 100_003);
      const t = timeIt(o.requests, f);
      console.log(`${set.name.padEnd(14)} ${what.padEnd(42)} ${t.p50.toFixed(3).padStart(8)} ${t.p99.toFixed(3).padStart(8)} ${t.max.toFixed(3).padStart(8)}`);
    }
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
