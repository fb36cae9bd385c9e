/**
 * The live path: recordInteraction, and recordInteraction followed by recommendations, for customers
 * drawn across the whole population (heavy buyers included), on the sample and Online Retail. The
 * store is opened as the server opens it (WAL checkpoints on a worker thread), and a warm-up of
 * unmeasured requests lets the JIT compile the hot paths first, as any server that has run a minute has.
 *   npm run bench:live [-- --requests 2000 --warmup 300]
 * The target: the mutation's p99 at most 3 ms on this machine class.
 */
import "reflect-metadata";
import { forEachServedDataset, latencyOptions, printLatency, printLatencyHeader } from "./bench-common";

const o = latencyOptions();

async function main() {
  printLatencyHeader();
  await forEachServedDataset(({ name, services, customers, products, pick }) => {
    const { recommendations, interactions } = services;
    for (let i = 0; i < o.warmup; i++) {
      const customerId = pick(customers, i + 100_003);
      interactions.recordInteraction({ customerId, productId: pick(products, i), type: i % 2 === 0 ? "view" : "purchase" });
      recommendations.recommend(customerId, 10);
    }
    const row = (what: string, f: (i: number) => void) => printLatency(name, what, o.requests, f);
    row("recordInteraction (view)", (i) =>
      interactions.recordInteraction({ customerId: pick(customers, i), productId: pick(products, i + 1), type: "view" }),
    );
    row("recordInteraction (purchase)", (i) =>
      interactions.recordInteraction({ customerId: pick(customers, i + 3), productId: pick(products, i + 2), type: "purchase" }),
    );
    row("recordInteraction + recommendations", (i) => {
      const customerId = pick(customers, i + 5);
      interactions.recordInteraction({ customerId, productId: pick(products, i + 7), type: "purchase" });
      recommendations.recommend(customerId, 10);
    });
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
