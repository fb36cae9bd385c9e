/**
 * Read latency inside the service (no HTTP): recommendations (with explanations too),
 * similarProducts, frequentlyBoughtTogether and segment, on the sample and Online Retail, for
 * customers and products drawn across the whole population. The store is opened as the server opens
 * it, after a warm-up of unmeasured requests of each kind; then the same again with ten merchandising
 * rules of every kind and a running experiment (bench-merchandising.ts), for their cost in one run.
 * Writes are measured by `npm run bench:live`.
 *   npm run bench:serve [-- --requests 2000 --warmup 300]
 */
import "reflect-metadata";
import { forEachServedDataset, latencyOptions, printLatency, printLatencyHeader } from "./bench-common";
import { addBenchMerchandising } from "./bench-merchandising";

const o = latencyOptions();

async function main() {
  printLatencyHeader();
  await forEachServedDataset(({ name, services, customers, products, pick }) => {
    const { recommendations, catalog, baskets, segments } = services;
    const operations: [string, (i: number) => void][] = [
      ["recommendations(k=10)", (i) => recommendations.recommend(pick(customers, i), 10)],
      [
        "recommendations(k=10) with because(3)",
        (i) => {
          for (const r of recommendations.recommend(pick(customers, i + 1), 10).items) recommendations.because(r, 3);
        },
      ],
      ["similarProducts(k=10)", (i) => catalog.similarProducts(pick(products, i), 10)],
      ["frequentlyBoughtTogether(k=10)", (i) => baskets.frequentlyBoughtTogether(pick(products, i + 1), 10)],
      ["segment", (i) => segments.segment(pick(customers, i + 2))],
    ];
    for (const [what, f] of operations) {
      for (let i = 0; i < o.warmup; i++) f(i + 100_003);
      printLatency(name, what, o.requests, f);
    }
    addBenchMerchandising(services);
    for (const [what, f] of operations.slice(0, 4)) {
      for (let i = 0; i < o.warmup; i++) f(i + 100_003);
      printLatency(name, `${what}, 10 rules + experiment`, o.requests, f);
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
