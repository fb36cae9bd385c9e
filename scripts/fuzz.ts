/**
 * The fuzz campaign: 10,000 hostile requests (scripts/fuzz-requests.ts) against a
 * server this script starts as a child process, on a model trained from the bundled sample (or a copy
 * of --db), or against a running server (--url, with its keys). Prints the requests by status and
 * code, the slowest ones, every problem (a 5xx, a 4xx without a JSON error code, no answer), the
 * server's resident memory after a warm-up and at the end, and the /metrics series.
 *   npm run fuzz [-- --requests 10000 --warmup 1000 --concurrency 4 --seed 1 --db shop.db]
 *   npm run fuzz -- --url http://127.0.0.1:4000 --read-key … --write-key … --admin-key …
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { buildPages } from "./build-web";
import { FUZZ_KINDS, type FuzzKeys, fuzzRequests, fuzzServerSettings, runCampaign } from "./fuzz-requests";
import { type ServerProcess, startServerProcess } from "./server-process";

const o = new Command()
  .option("--requests <n>", "requests in the campaign", (v) => Number(v), 10_000)
  .option("--warmup <n>", "requests before the first memory reading", (v) => Number(v), 1000)
  .option("--concurrency <n>", "requests in flight at once", (v) => Number(v), 4)
  .option("--seed <n>", "the campaign's seed (the warm-up uses seed + 1)", (v) => Number(v), 1)
  .option("--db <file>", "serve a copy of this model file (default: train the bundled sample)")
  .option("--url <url>", "fuzz this running server instead of starting one")
  .option("--read-key <secret>", "with --url: a read key")
  .option("--write-key <secret>", "with --url: a write key")
  .option("--admin-key <secret>", "with --url: an admin key, to read memory from /metrics")
  .parse()
  .opts<{
    requests: number;
    warmup: number;
    concurrency: number;
    seed: number;
    db?: string;
    url?: string;
    readKey?: string;
    writeKey?: string;
    adminKey?: string;
  }>();

const MB = 1024 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;

async function metricsText(base: string, adminKey: string): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

async function main() {
  const secret = () => crypto.randomBytes(16).toString("hex");
  const keys: FuzzKeys = { read: o.readKey ?? secret(), write: o.writeKey ?? secret(), admin: o.adminKey ?? secret() };
  let server: ServerProcess | undefined;
  let base: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));
  if (o.url) {
    base = new URL(o.url).origin;
  } else {
    const modelDb = path.join(dir, "model.db");
    if (o.db) fs.copyFileSync(o.db, modelDb);
    console.log(o.db ? `serving a copy of ${o.db}` : "training the bundled sample for the server (a few seconds) ...");
    // The pages built, as a deployed server has them: without them it answers 503 PAGES_NOT_BUILT.
    const pagesDir = path.join(dir, "web");
    await buildPages(pagesDir);
    server = await startServerProcess({
      MODEL_DB: modelDb,
      PAGES_DIR: pagesDir,
      SAMPLE_IF_MISSING: "true",
      ...fuzzServerSettings(keys, MAX_BODY_BYTES),
    });
    base = server.base;
  }
  const resident = async (): Promise<number> => {
    const fromProc = server?.residentBytes();
    if (fromProc) return fromProc;
    const match = /^process_resident_memory_bytes (\d+)/m.exec(await metricsText(base, keys.admin));
    return match ? Number(match[1]) : NaN;
  };
  const options = { keys, maxBodyBytes: MAX_BODY_BYTES, products: 300, customers: 2000 };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));
  try {
    const startMemory = await resident();
    console.log(
      `fuzzing ${base} (pid ${server?.pid ?? "?"}): ${o.warmup} warm-up requests, then ${o.requests}, ${o.concurrency} at a time`,
    );
    const warm = await runCampaign(base, fuzzRequests(o.seed + 1, o.warmup, options), { concurrency: o.concurrency });
    await settle();
    const afterWarmup = await resident();
    let peak = afterWarmup;
    const sampler = setInterval(() => void resident().then((rss) => (peak = Math.max(peak, rss))), 250);
    const started = Date.now();
    const result = await runCampaign(base, fuzzRequests(o.seed, o.requests, options), { concurrency: o.concurrency });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    await settle();
    const atEnd = await resident();

    const sorted = (record: Record<string, number>) =>
      Object.entries(record)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    console.log(
      `\n${result.requests} requests (seed ${o.seed}) in ${seconds.toFixed(1)} s; warm-up: ${warm.requests} requests, ${warm.problems.length} problems`,
    );
    console.log(`by status: ${sorted(result.byStatus)}`);
    console.log(`by code: ${sorted(result.byCode)}`);
    const s = result.slowest;
    console.log(`slowest request: ${s ? `${s.ms.toFixed(0)} ms (${s.kind}, status ${s.status})` : "none"}`);
    console.log(
      `slowest by kind (ms): ${FUZZ_KINDS.filter((k) => result.slowestByKind[k] !== undefined)
        .map((k) => `${k} ${result.slowestByKind[k]!.toFixed(0)}`)
        .join(", ")}`,
    );
    console.log(
      `over 1 s: ${result.overOneSecond.length}${result.overOneSecond.length ? ` (${result.overOneSecond.map((x) => `${x.kind} ${x.ms.toFixed(0)} ms`).join(", ")})` : ""}`,
    );
    console.log(`problems: ${result.problems.length}`);
    // A campaign that found anything fails, so that a script or CI job running it notices.
    if (result.problems.length + warm.problems.length > 0) process.exitCode = 1;
    for (const { outcome, request } of result.problems.slice(0, 20))
      console.log(
        `  ${outcome.kind}: ${outcome.problem}\n    ${request.method} ${request.path.slice(0, 120)} ${JSON.stringify(request.headers).slice(0, 200)} ${request.body?.toString("utf8", 0, 200) ?? ""}`,
      );
    console.log(
      `resident memory: ${(startMemory / MB).toFixed(0)} MB at start, ${(afterWarmup / MB).toFixed(0)} MB after warm-up, peak ${(peak / MB).toFixed(0)} MB, ${(atEnd / MB).toFixed(0)} MB at the end: ratio ${(atEnd / afterWarmup).toFixed(2)} (end / after warm-up)`,
    );
    const metrics = await metricsText(base, keys.admin);
    const series = metrics.split("\n").filter((line) => line && !line.startsWith("#")).length;
    const operations = new Set([...metrics.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]));
    console.log(`/metrics: ${series} series; ${operations.size} operation labels: ${[...operations].sort().join(" | ")}`);
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
