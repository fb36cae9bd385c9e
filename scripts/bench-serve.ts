/**
 * Serving latency inside the service (no HTTP): recommendations, similarProducts, and recordInteraction
 * followed by recommendations, on the sample and Online Retail.
 *   npm run bench:serve [-- --requests 2000]
 */
import "reflect-metadata";
import { Command } from "commander";
import { importAndTrain } from "../src/services/pipeline.service";
import { createServices } from "../src/services";
import { Store } from "../src/store";
import { benchDatasets, tempDbPath, timeIt } from "./bench-common";

const o = new Command().option("--requests <n>", "requests per measurement", (v) => Number(v), 2000).parse().opts<{ requests: number }>();

function row(name: string, what: string, t: { p50: number; p99: number; mean: number }) {
  console.log(`${name.padEnd(14)} ${what.padEnd(40)} ${t.p50.toFixed(3).padStart(8)} ${t.p99.toFixed(3).padStart(8)} ${t.mean.toFixed(3).padStart(8)}`);
}

async function main() {
  console.log(`${"dataset".padEnd(14)} ${"operation".padEnd(40)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"mean ms".padStart(8)}`);
  for (const set of benchDatasets()) {
    const dbPath = tempDbPath(set.name);
    await importAndTrain(dbPath, set.format, set.input);
    const store = Store.open(dbPath);
    const { recommender: service, interactions } = createServices(store);
    const model = store.models.load()!;
    const customers = model.customers.ids;
    const products = model.products.ids;
    const n = o.requests;
    const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length];
    row(set.name, "recommendations(k=10)", timeIt(n, (i) => service.recommendations(pick(customers, i), 10)));
    row(set.name, "similarProducts(k=10)", timeIt(n, (i) => service.similarProducts(pick(products, i), 10)));
    row(set.name, "recordInteraction (existing customer)", timeIt(n, (i) => interactions.recordInteraction({ customerId: pick(customers, i), productId: pick(products, i + 1), type: "view" })));
    row(set.name, "recordInteraction + recommendations", timeIt(n, (i) => {
      const customerId = pick(customers, i + 3);
      interactions.recordInteraction({ customerId, productId: pick(products, i + 5), type: "purchase" });
      service.recommendations(customerId, 10);
    }));
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
