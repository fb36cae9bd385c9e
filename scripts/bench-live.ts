/**
 * The live path: recordInteraction, and recordInteraction followed by recommendations, for customers
 * drawn across the whole population (heavy buyers included), on the sample and Online Retail. The
 * store is opened as the server opens it (WAL checkpoints on a worker thread), and a warm-up of
 * unmeasured requests lets the JIT compile the hot paths first, as any server that has run a minute has.
 *   npm run bench:live [-- --requests 2000 --warmup 300]
 * Issue 5's target: the mutation's p99 at most 3 ms on this machine class.
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
  .option("--warmup <n>", "unmeasured requests first", (v) => Number(v), 300)
  .parse()
  .opts<{ requests: number; warmup: number }>();

async function main() {
  console.log(`${"dataset".padEnd(14)} ${"operation".padEnd(42)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const set of benchDatasets()) {
    const dbPath = tempDbPath(set.name);
    await importAndTrain(dbPath, set.format, set.input);
    const store = Store.open(dbPath, SERVING_STORE);
    const { recommender, interactions } = createServices(store);
    const model = recommender.holder.current;
    const customers = model.customers.ids;
    const products = model.products.ids.slice(0, model.trainedCount);
    const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length];
    const row = (what: string, f: (i: number) => void) => {
      const t = timeIt(o.requests, f);
      console.log(`${set.name.padEnd(14)} ${what.padEnd(42)} ${t.p50.toFixed(3).padStart(8)} ${t.p99.toFixed(3).padStart(8)} ${t.max.toFixed(3).padStart(8)}`);
    };
    for (let i = 0; i < o.warmup; i++) {
      const customerId = pick(customers, i + 100_003);
      interactions.recordInteraction({ customerId, productId: pick(products, i), type: i % 2 === 0 ? "view" : "purchase" });
      recommender.recommendations(customerId, 10);
    }
    row("recordInteraction (view)", (i) => interactions.recordInteraction({ customerId: pick(customers, i), productId: pick(products, i + 1), type: "view" }));
    row("recordInteraction (purchase)", (i) => interactions.recordInteraction({ customerId: pick(customers, i + 3), productId: pick(products, i + 2), type: "purchase" }));
    row("recordInteraction + recommendations", (i) => {
      const customerId = pick(customers, i + 5);
      interactions.recordInteraction({ customerId, productId: pick(products, i + 7), type: "purchase" });
      recommender.recommendations(customerId, 10);
    });
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
