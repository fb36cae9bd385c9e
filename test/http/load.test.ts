/**
 * Refusals stay cheap under load: while clients keep the server (a child process) busy with heavy
 * legitimate queries, a query over the cost limit is refused in milliseconds, before anything runs,
 * and /health/live keeps answering.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const ADMIN = "load-admin-0123456789";
const LOAD_CLIENTS = 6;
/** How long the load lasts, and how many requests each client sends at the most. */
const LOAD_MS = 6000;
const MOST_PER_CLIENT = 3000;
const COSTLY_REQUESTS = 20;
const WARMUP = 50;

const heavy = (i: number) =>
  [
    `{ recommendations(customerId: "${1 + (i % 300)}", k: 100, includePurchased: true) { product { id name category price } score because(k: 5) { id } } }`,
    `{ segments { rfm { label customers revenueShare } clusters { id label size } } }`,
    `{ similarProducts(productId: "${1001 + (i % 60)}", k: 50) { product { id name } similarity } }`,
    `{ recommendations(context: { viewedProductIds: ["${1001 + (i % 60)}", "${1002 + (i % 50)}"] }, k: 50) { product { id } because(k: 3) { id } } }`,
  ][i % 4];
const list = "recommendations(k: 100) { product { id name category price } because(k: 10) { id name category price } }";
/** Two ranked lists of 100 with their explanations: about twice the default MAX_COST of 5000. */
const COSTLY = `{ a: ${list} b: ${list} }`;

async function timed(url: string, init?: RequestInit): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

const post = (url: string, query: string) =>
  timed(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** From the server's request histogram: the refused `recommendations` queries, and how many took at most 50 ms. */
async function refusalTimes(): Promise<{ count: number; within50ms: number }> {
  const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
  const value = (series: string) =>
    Number(
      metrics
        .split("\n")
        .find((line) => line.startsWith(`${series} `))
        ?.slice(series.length + 1) ?? 0,
    );
  const labels = 'operation="query recommendations",outcome="refused"';
  return {
    count: value(`graphql_request_duration_seconds_count{${labels}}`),
    within50ms: value(`graphql_request_duration_seconds_bucket{le="0.05",${labels}}`),
  };
}

let server: ServerProcess;
beforeAll(async () => {
  const { dbPath: trained } = await trainedModelFile();
  const dbPath = path.join(tempDir(), "model.db");
  fs.copyFileSync(trained, dbPath);
  server = await startServerProcess({ MODEL_DB: dbPath, API_KEYS: `ops:admin:${ADMIN}` });
});
afterAll(() => server?.stop());

describe("a server under heavy legitimate load", () => {
  it("refuses a query over the cost limit in milliseconds, and stays live", { timeout: 60_000 }, async () => {
    // A warm-up first, so that what is measured is not the first compilation of each path.
    for (let i = 0; i < WARMUP; i++) expect((await post(server.url, i % 5 === 4 ? COSTLY : heavy(i))).status).toBe(i % 5 === 4 ? 400 : 200);
    const before = await refusalTimes();
    const until = Date.now() + LOAD_MS;
    const heavyAnswers: { status: number; ms: number; errors: boolean }[] = [];
    const client = async (c: number) => {
      for (let i = 0; i < MOST_PER_CLIENT && Date.now() < until; i++) {
        const r = await post(server.url, heavy(c + i * LOAD_CLIENTS));
        heavyAnswers.push({ status: r.status, ms: r.ms, errors: r.body.includes('"errors"') });
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_CLIENTS }, (_, c) => client(c)));

    const live: { status: number; ms: number }[] = [];
    const probe = (async () => {
      while (Date.now() < until) {
        live.push(await timed(`${server.base}/health/live`));
        await pause(100);
      }
    })();

    await pause(500); // the load under way
    const costly: { status: number; ms: number; code: string }[] = [];
    for (let i = 0; i < COSTLY_REQUESTS && Date.now() < until; i++) {
      const r = await post(server.url, COSTLY);
      costly.push({ status: r.status, ms: r.ms, code: JSON.parse(r.body).errors?.[0]?.extensions?.code });
      await pause(100);
    }
    await Promise.all([load, probe]);

    expect(heavyAnswers.length).toBeGreaterThan(50);
    expect(heavyAnswers.filter((a) => a.status !== 200 || a.errors)).toEqual([]);
    expect(costly.length).toBeGreaterThanOrEqual(5);
    expect(costly.filter((r) => r.status !== 400 || r.code !== "QUERY_TOO_COSTLY")).toEqual([]);
    expect(live.length).toBeGreaterThanOrEqual(5);
    expect(live.filter((r) => r.status !== 200)).toEqual([]);
    // Generous bounds on a shared machine, where each waits behind the requests in flight (a refusal's own time is below).
    expect(Math.max(...costly.map((r) => r.ms))).toBeLessThan(2000);
    expect(Math.max(...live.map((r) => r.ms))).toBeLessThan(2000);

    // The server's own time for each refusal, from its request histogram: all within its 50 ms bucket.
    const after = await refusalTimes();
    expect(after.count - before.count).toBe(costly.length);
    expect(after.within50ms - before.within50ms).toBe(costly.length);
  });
});
