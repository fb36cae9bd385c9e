/**
 * Read latency inside the service (no HTTP): recommendations (with explanations too, and with three
 * buy-again slots), similarProducts, frequentlyBoughtTogether, segment, buyAgain and the admin's
 * dueForRepurchase (a scan of every purchase, timed over fewer calls), on the sample and Online Retail, for
 * customers and products drawn across the whole population. The store is opened as the server opens
 * it, after a warm-up of unmeasured requests of each kind; then the same again with ten merchandising
 * rules of every kind and a running experiment (bench-merchandising.ts), for their cost in one run.
 * Writes are measured by `npm run bench:live`.
 *   npm run bench:serve [-- --requests 2000 --warmup 300]
 */
import "reflect-metadata";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { BuyAgainService } from "../src/serving/buy-again.service";
import { forEachServedDataset, latencyOptions, percentile, printLatency, printLatencyHeader } from "./bench-common";
import { addBenchMerchandising } from "./bench-merchandising";

const o = latencyOptions();

const DAY = 86_400_000;

/**
 * dueForRepurchase's time over a few calls, and the longest the event loop waited meanwhile: the
 * scan reads a slice of customers at a time, so that is what other requests wait at most.
 */
async function timeDue(name: string, buyAgain: BuyAgainService, today: number, calls: number): Promise<void> {
  const window = (i: number) => [today + (i % 7) * DAY, today + (i % 7) * DAY + 14 * DAY] as const;
  await buyAgain.dueForRepurchase(...window(0), 100);
  const ms: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await buyAgain.dueForRepurchase(...window(i + 1), 100);
    ms.push(performance.now() - started);
  }
  delay.disable();
  ms.sort((a, b) => a - b);
  const row = (what: string, p50: number, p99: number, max: number) =>
    console.log(`${name.padEnd(14)} ${what.padEnd(64)} ${[p50, p99, max].map((v) => v.toFixed(3).padStart(8)).join(" ")}`);
  row("dueForRepurchase(14 days, k=100)", percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1]);
  const blocked = delay.max / 1e6;
  row("  event loop blocked meanwhile (longest wait)", delay.percentile(50) / 1e6, delay.percentile(99) / 1e6, blocked);
}

async function main() {
  printLatencyHeader();
  await forEachServedDataset(async ({ name, services, customers, products, pick }) => {
    const { recommendations, catalog, baskets, segments, buyAgain } = services;
    const today = services.holder.current.dataEnd ?? Date.now();
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
      [
        "recommendations(k=10, mix: { buyAgain: 3 })",
        (i) => recommendations.recommend(pick(customers, i + 3), 10, { mix: { buyAgain: 3 } }),
      ],
      ["buyAgain(k=10)", (i) => buyAgain.buyAgain(pick(customers, i + 4), 10)],
    ];
    for (const [what, f] of operations) {
      for (let i = 0; i < o.warmup; i++) f(i + 100_003);
      printLatency(name, what, o.requests, f);
    }
    await timeDue(name, buyAgain, today, Math.max(5, Math.round(o.requests / 100)));
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
