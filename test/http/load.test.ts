/**
 * Refusals stay cheap under load: while clients keep the server (a child process) busy with heavy
 * legitimate queries, a query over the cost limit is refused before anything of it runs, and
 * /health/live keeps answering. Nothing here is timed against a figure (the machines are shared; speed
 * lives in `npm run bench:*`): the load is under way once every client has had an answer, and a refusal's
 * cost is told by the server's own times, compared within the run.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const ADMIN = "load-admin-0123456789";
const LOAD_CLIENTS = 6;
/** Bounds on how long the load may last, and on how many requests each client sends. */
const LOAD_MS = 30_000;
const MOST_PER_CLIENT = 3000;
/** The load goes on until the refusals are answered and its clients have had this many answers, half of them recommendations. */
const LEAST_ANSWERS = 100;
const COSTLY_REQUESTS = 20;
const WARMUP = 50;

const heavy = (i: number) =>
  [
    `{ recommendations(customerId: "${1 + (i % 300)}", k: 100, includePurchased: true) { product { id name category price } score because(k: 5) { id } } }`,
    `{ segments { rfm { label customers revenueShare } clusters { id label size } } }`,
    `{ similarProducts(productId: "${1001 + (i % 60)}", k: 50) { product { id name } similarity } }`,
    `{ recommendations(context: { viewedProductIds: ["${1001 + (i % 60)}", "${1002 + (i % 50)}"] }, k: 50) { product { id } because(k: 3) { id } } }`,
  ][i % 4];
const list = `recommendations(customerId: "1", k: 100, includePurchased: true) { product { id name category price } score because(k: 10) { id name category price } }`;
/**
 * Two of a customer's ranked lists of 100 with their explanations, over twice the default MAX_COST of
 * 5000: each list, were it run, more work than the heaviest ranked list of the load.
 */
const COSTLY = `{ a: ${list} b: ${list} }`;

async function fetchText(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: await response.text() };
}

const post = (url: string, query: string) =>
  fetchText(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });

/** A series of the server's request histogram: how many requests, and how many within each bucket's bound (seconds). */
interface Timings {
  count: number;
  within: Map<number, number>;
}

/** From the server's request histogram, the series of `operation` with `outcome`. */
async function requestTimings(operation: string, outcome: string): Promise<Timings> {
  const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
  const labels = `operation="${operation}",outcome="${outcome}"`;
  const within = new Map<number, number>();
  let count = 0;
  for (const line of metrics.split("\n")) {
    const bucket = /^graphql_request_duration_seconds_bucket\{le="([^"]+)",(.*)\} (\d+)$/.exec(line);
    if (bucket && bucket[2] === labels && bucket[1] !== "+Inf") within.set(Number(bucket[1]), Number(bucket[3]));
    const total = `graphql_request_duration_seconds_count{${labels}} `;
    if (line.startsWith(total)) count = Number(line.slice(total.length));
  }
  return { count, within };
}

/** What was observed between two readings of a series. */
function since(before: Timings, after: Timings): Timings {
  return { count: after.count - before.count, within: new Map([...after.within].map(([le, n]) => [le, n - (before.within.get(le) ?? 0)])) };
}

/** The bounds of the bucket that holds the median of a series: [above, at most] seconds. */
function medianBucket({ count, within }: Timings): [number, number] {
  const bounds = [...within.keys()].sort((a, b) => a - b);
  const i = bounds.findIndex((le) => within.get(le)! >= count / 2);
  return i < 0 ? [bounds.at(-1)!, Infinity] : [i === 0 ? 0 : bounds[i - 1], bounds[i]];
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
  it("refuses a query over the cost limit before running it, and stays live", { timeout: 60_000 }, async () => {
    // A warm-up first, so that what is compared is not the first compilation of each path.
    for (let i = 0; i < WARMUP; i++) expect((await post(server.url, i % 5 === 4 ? COSTLY : heavy(i))).status).toBe(i % 5 === 4 ? 400 : 200);
    const refusedBefore = await requestTimings("query recommendations", "refused");
    const servedBefore = await requestTimings("query recommendations", "ok");

    // The load: each client sends heavy queries one after another, alternating a ranked list with another query.
    const until = Date.now() + LOAD_MS;
    let refusalsDone = false;
    let outstanding = 0;
    const answered = Array<number>(LOAD_CLIENTS).fill(0);
    const heavyAnswers: { status: number; errors: boolean }[] = [];
    let underWay: () => void = () => {};
    const loadUnderWay = new Promise<void>((resolve) => (underWay = resolve));
    const client = async (c: number) => {
      const done = () => refusalsDone && heavyAnswers.length >= LEAST_ANSWERS;
      for (let i = 0; i < MOST_PER_CLIENT && !done() && Date.now() < until; i++) {
        outstanding++;
        const r = await post(server.url, heavy(c + i * LOAD_CLIENTS)).finally(() => outstanding--);
        heavyAnswers.push({ status: r.status, errors: r.body.includes('"errors"') });
        answered[c]++;
        if (answered.every((n) => n > 0)) underWay();
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_CLIENTS }, (_, c) => client(c)));

    const costly: { status: number; code: string; data: boolean; outstandingAtSend: number; outstandingAtAnswer: number }[] = [];
    const live: { status: number; body: string }[] = [];
    try {
      // The handshake: every client has had an answer and sent its next query, so the load is under way.
      await Promise.race([loadUnderWay, load]);
      expect(answered.filter((n) => n === 0)).toEqual([]);
      // Then the refusals, one after another, each with a liveness probe beside it.
      for (let i = 0; i < COSTLY_REQUESTS && Date.now() < until; i++) {
        const outstandingAtSend = outstanding;
        const [r, probe] = await Promise.all([post(server.url, COSTLY), fetchText(`${server.base}/health/live`)]);
        const body = JSON.parse(r.body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        const code = body.errors?.[0]?.extensions?.code ?? "";
        costly.push({ status: r.status, code, data: "data" in body, outstandingAtSend, outstandingAtAnswer: outstanding });
        live.push(probe);
      }
    } finally {
      refusalsDone = true;
      await load;
    }
    const refused = since(refusedBefore, await requestTimings("query recommendations", "refused"));
    const served = since(servedBefore, await requestTimings("query recommendations", "ok"));

    expect(heavyAnswers.length).toBeGreaterThanOrEqual(LEAST_ANSWERS);
    expect(heavyAnswers.filter((a) => a.status !== 200 || a.errors)).toEqual([]);
    // Every refusal: refused as too costly, with no data, as a request refused before execution is answered.
    expect(costly.length).toBe(COSTLY_REQUESTS);
    expect(costly.filter((r) => r.status !== 400 || r.code !== "QUERY_TOO_COSTLY" || r.data)).toEqual([]);
    // ...and sent, and answered, while heavy queries were outstanding.
    expect(costly.filter((r) => r.outstandingAtSend === 0 || r.outstandingAtAnswer === 0)).toEqual([]);
    expect(live).toEqual(Array(COSTLY_REQUESTS).fill({ status: 200, body: '{"status":"ok"}' }));

    // The server's own time for each request, from its request histogram (so not the time a request
    // waited behind the others in flight), compared within the run: the refusals' median falls in a
    // lower bucket than the median of the recommendations it served meanwhile. A refusal estimates the
    // cost of two ranked lists of a hundred with their explanations and stops there; had it run them,
    // it would take longer than one such list, and its median would be in the same bucket or above.
    expect(refused.count).toBe(COSTLY_REQUESTS);
    expect(served.count).toBeGreaterThanOrEqual((LEAST_ANSWERS - LOAD_CLIENTS) / 2);
    const [, refusalAtMost] = medianBucket(refused);
    const [servedAbove] = medianBucket(served);
    expect(refusalAtMost).toBeLessThanOrEqual(servedAbove);
  });
});
