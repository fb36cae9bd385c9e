/** Shared helpers for the benchmarks: datasets to run on and latency summaries. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SAMPLE_DIR } from "../src/config";
import type { DataFormat } from "../src/data";

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
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean: times.reduce((s, x) => s + x, 0) / n, max: times[times.length - 1] };
}
