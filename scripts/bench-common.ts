/** Shared helpers for the benchmarks: datasets to run on and latency summaries. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { SAMPLE_DIR } from "../src/config";
import type { DataFormat } from "../src/importers";
import { createServices, type Services } from "../src/serving";
import { importAndTrain } from "../src/training/pipeline.service";
import { SERVING_STORE, Store } from "../src/store";

export interface BenchDataset {
  name: string;
  format: DataFormat;
  input: string;
}

const ONLINE_RETAIL = path.resolve(__dirname, "../../shared/datasets/online-retail/online_retail.csv");

/** The bundled sample, and Online Retail when ../shared is beside the project. */
export function benchDatasets(): BenchDataset[] {
  const sets: BenchDataset[] = [{ name: "sample", format: "trio", input: SAMPLE_DIR }];
  if (fs.existsSync(ONLINE_RETAIL)) sets.push({ name: "online-retail", format: "online-retail", input: ONLINE_RETAIL });
  else console.log(`(skipping Online Retail: ${ONLINE_RETAIL} not found)`);
  return sets;
}

export function tempDbPath(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), `${name}.db`);
}

export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

/** Runs `fn` `n` times and returns p50/p99/mean/max in milliseconds. */
export function timeIt(n: number, fn: (i: number) => void): { p50: number; p99: number; mean: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean: times.reduce((s, x) => s + x, 0) / n,
    max: times[times.length - 1],
  };
}

/** The options of a latency benchmark: how many measured requests per row, and how many unmeasured first. */
export function latencyOptions(): { requests: number; warmup: number } {
  return new Command()
    .option("--requests <n>", "requests per measurement", (v) => Number(v), 2000)
    .option("--warmup <n>", "unmeasured requests first", (v) => Number(v), 300)
    .parse()
    .opts<{ requests: number; warmup: number }>();
}

/** A dataset trained into a temporary file and opened as the server opens it. */
export interface ServedDataset {
  name: string;
  store: Store;
  services: Services;
  /** The model's customers and trained products, and a spread-out pick of one for request i. */
  customers: readonly string[];
  products: readonly string[];
  pick<T>(xs: readonly T[], i: number): T;
}

/** Trains each benchmark dataset, serves it to `run`, and closes it afterwards. */
export async function forEachServedDataset(run: (served: ServedDataset) => void | Promise<void>): Promise<void> {
  for (const set of benchDatasets()) {
    const dbPath = tempDbPath(set.name);
    await importAndTrain(dbPath, set.format, set.input, { tune: false });
    const store = Store.open(dbPath, SERVING_STORE);
    try {
      const services = createServices(store);
      const model = services.holder.current;
      await run({
        name: set.name,
        store,
        services,
        customers: model.customers.ids,
        products: model.products.ids.slice(0, model.trainedCount),
        pick: (xs, i) => xs[(i * 7919) % xs.length],
      });
    } finally {
      store.close();
    }
  }
}

const LATENCY_HEADER = `${"dataset".padEnd(14)} ${"operation".padEnd(64)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`;

export function printLatencyHeader(): void {
  console.log(LATENCY_HEADER);
}

/** Times `n` calls of `f` and prints one row: p50, p99 and max. */
export function printLatency(dataset: string, what: string, n: number, f: (i: number) => void): void {
  const t = timeIt(n, f);
  console.log(
    `${dataset.padEnd(14)} ${what.padEnd(64)} ${t.p50.toFixed(3).padStart(8)} ${t.p99.toFixed(3).padStart(8)} ${t.max.toFixed(3).padStart(8)}`,
  );
}
