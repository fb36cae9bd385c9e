/**
 * One server of several processes (WORKERS=2, src/workers.ts), started as production runs it
 * (scripts/server-process.ts) on a free port of 127.0.0.1. Every request goes over a connection of its
 * own, so that the primary hands them to both workers in turn; the access lines name the worker that
 * answered. Every process started is stopped by its own pid.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, childPids, freePort, type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const START_MS = 120_000;

interface Answer {
  status: number;
  body: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A GET or POST over a connection of its own, which it closes; `tag` becomes the request id. */
function request(url: string, body: unknown | null, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: body === null ? "GET" : "POST",
        agent: false,
        headers: { "content-type": "application/json", connection: "close", ...headers },
        timeout: 20_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${url}: no answer within 20 s`)));
    req.on("error", reject);
    req.end(body === null ? undefined : JSON.stringify(body));
  });
}

async function graphql(
  server: ServerProcess,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { status, text } = await request(server.url, { query, variables }, headers);
  return { status, body: JSON.parse(text) };
}

/** A log line's fields; none for a line that is not JSON (a runtime warning). */
function fields(line: string): { requestId?: string; worker?: number; msg?: string } {
  try {
    return JSON.parse(line);
  } catch {
    return {};
  }
}

/** The workers that answered these requests (by request id), once the access line of each is in the log. */
async function answeredBy(server: ServerProcess, requestIds: readonly string[]): Promise<Set<number>> {
  const wanted = new Set(requestIds);
  const by = new Map<string, number>();
  await until(
    () => {
      for (const line of server.logLines()) {
        const entry = fields(line);
        if (entry.requestId !== undefined && wanted.has(entry.requestId) && entry.worker !== undefined)
          by.set(entry.requestId, entry.worker);
      }
      return by.size === wanted.size;
    },
    10_000,
    "the access lines",
  );
  return new Set(by.values());
}

/** Polls `condition` every 50 ms until it holds; fails after `ms`. */
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  for (const end = Date.now() + ms; !condition();) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The access lines' request ids are only taken when sane: letters, digits and a few marks. */
let tagged = 0;
const tag = (what: string) => `${what}-${++tagged}`;

const RECOMMENDATIONS = `query ($id: ID!) { recommendations(customerId: $id, k: 10) { product { id } score source } }`;
const PURCHASE = `mutation ($id: ID!, $product: ID!) { recordInteraction(input: { customerId: $id, productId: $product, type: PURCHASE }) { id } }`;

let dbPath: string;
let customerId: string;
let products: string[];
beforeAll(async () => {
  const trained = await trainedModelFile();
  dbPath = path.join(tempDir(), "model.db");
  fs.copyFileSync(trained.dbPath, dbPath);
  // A customer with many purchases: served their own list (not their cluster's), which a purchase changes.
  const counts = new Map<string, number>();
  for (const p of trained.shop.purchases) counts.set(p.customer_id, (counts.get(p.customer_id) ?? 0) + 1);
  customerId = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  products = trained.shop.products.map((p) => p.product_id);
});

/** `{ modelInfo { version } }`, sent with `id` as its request id when given (to find which worker answered). */
const askVersion = (server: ServerProcess, id?: string) =>
  graphql(server, "{ modelInfo { version } }", {}, id === undefined ? {} : { "x-request-id": id });

describe("a server of two worker processes on one port", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const port = await freePort();
    // Addresses given in X-Forwarded-For count for the rate limit (TRUST_PROXY); loopback itself stays exempt.
    const settings = { MODEL_DB: dbPath, WORKERS: "2", PORT: String(port), TRUST_PROXY: "1", RATE_LIMIT_PER_ADDRESS: "3" };
    server = await startServerProcess(settings, START_MS, 5000);
  }, START_MS);
  afterAll(async () => {
    await server?.stop();
  });

  it("answers many fresh connections, and both workers take a share of them", async () => {
    const ids = Array.from({ length: 24 }, () => tag("fresh"));
    const answers = [];
    for (let batch = 0; batch < ids.length; batch += 6)
      answers.push(...(await Promise.all(ids.slice(batch, batch + 6).map((id) => askVersion(server, id)))));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    expect(answers.every((a) => (a.body.data!.modelInfo as { version: number }).version === 1)).toBe(true);
    expect(await answeredBy(server, ids)).toEqual(new Set([1, 2]));
  });

  it("serves a purchase recorded through one connection on the next read through every other, whichever worker answers", async () => {
    const before = (await graphql(server, RECOMMENDATIONS, { id: customerId })).body.data!.recommendations;
    const bought = (before as { product: { id: string } }[])[0].product.id;
    const written = await graphql(server, PURCHASE, { id: customerId, product: bought });
    expect(written.status).toBe(200);
    const ids = Array.from({ length: 8 }, () => tag("after-write"));
    const reads = await Promise.all(ids.map((id) => graphql(server, RECOMMENDATIONS, { id: customerId }, { "x-request-id": id })));
    const lists = reads.map((r) => r.body.data!.recommendations);
    expect(lists[0]).not.toEqual(before);
    expect((lists[0] as { product: { id: string } }[]).map((r) => r.product.id)).not.toContain(bought);
    for (const list of lists) expect(list).toEqual(lists[0]);
    expect(await answeredBy(server, ids)).toEqual(new Set([1, 2]));
  });

  it("applies a merchandising rule written through one worker on the next read through every worker, and drops it once deleted", async () => {
    const before = (await graphql(server, RECOMMENDATIONS, { id: customerId })).body.data!.recommendations as { product: { id: string } }[];
    const [top, second] = before.map((r) => r.product.id);
    const rule = `mutation ($top: ID!, $second: ID!) {
      upsertMerchandisingRules(rules: [
        { name: "no-top", exclude: { condition: { productIds: [$top] } } }
        { name: "pin-second", pin: { pins: [{ productId: $second, position: 5 }] } }
      ]) { name }
    }`;
    expect((await graphql(server, rule, { top, second })).status).toBe(200);
    const ids = Array.from({ length: 8 }, () => tag("ruled"));
    const reads = await Promise.all(ids.map((id) => graphql(server, RECOMMENDATIONS, { id: customerId }, { "x-request-id": id })));
    for (const read of reads) {
      const shown = (read.body.data!.recommendations as { product: { id: string } }[]).map((r) => r.product.id);
      expect(shown).not.toContain(top);
      expect(shown[4]).toBe(second);
    }
    expect(await answeredBy(server, ids)).toEqual(new Set([1, 2]));
    for (const name of ["no-top", "pin-second"])
      expect((await graphql(server, `mutation { deleteMerchandisingRule(name: "${name}") }`)).status).toBe(200);
    const after = Array.from({ length: 8 }, () => tag("unruled"));
    const again = await Promise.all(after.map((id) => graphql(server, RECOMMENDATIONS, { id: customerId }, { "x-request-id": id })));
    for (const read of again) expect(read.body.data!.recommendations).toEqual(before);
    expect(await answeredBy(server, after)).toEqual(new Set([1, 2]));
  });

  it("limits a client address for the whole server, not for each worker", async () => {
    const ids = Array.from({ length: 8 }, () => tag("limited"));
    const answers = await Promise.all(
      ids.map((id) =>
        graphql(
          server,
          `
            {
              modelInfo {
                version
              }
            }
          `,
          {},
          { "x-request-id": id, "x-forwarded-for": "198.51.100.7" },
        ),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(answers.find((a) => a.status === 429)!.body.errors![0].extensions!.code).toBe("RATE_LIMITED");
    expect(await answeredBy(server, ids)).toEqual(new Set([1, 2]));
  });

  it("shows the whole server's figures at /metrics, whichever worker answers", async () => {
    const query = `{ products(ids: ["${products[0]}"]) { id } }`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => graphql(server, query)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const ids = [tag("metrics"), tag("metrics")];
    const pages = await Promise.all(ids.map((id) => request(`${server.base}/metrics`, null, { "x-request-id": id })));
    expect(await answeredBy(server, ids)).toEqual(new Set([1, 2]));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/^graphql_request_duration_seconds_count\{operation="query products",outcome="ok"\} 10$/m);
      expect(page.text).toMatch(/^model_version 1$/m); // the version served, not a sum over the workers
    }
  });

  it("starts a worker again when one is killed, in its slot's role, and keeps answering meanwhile", async () => {
    const workers = childPids(server.pid);
    expect(workers).toHaveLength(2);
    const first = /worker 1 started \(pid (\d+)\); it checkpoints the WAL/.exec(server.logLines().join("\n"));
    const killed = Number(first![1]);
    expect(workers).toContain(killed);
    process.kill(killed, "SIGKILL");
    const log = () => server.logLines().join("\n");
    const death = new RegExp(`worker 1 \\(pid ${killed}\\) exited unexpectedly \\(signal SIGKILL\\); starting another in`);
    await until(() => death.test(log()), 30_000, "the primary to notice");
    const during = await Promise.all(Array.from({ length: 4 }, () => askVersion(server)));
    expect(during.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await until(() => childPids(server.pid).filter((pid) => pid !== killed).length === 2, 60_000, "a replacement worker");
    // The replacement takes worker 1's role, and once it listens, new connections reach it too.
    await until(() => (log().match(/worker 1 started \(pid \d+\); it checkpoints the WAL/g) ?? []).length === 2, 60_000, "its start");
    const serving = () => server.logLines().filter((l) => fields(l).worker === 1 && /^serving model/.test(fields(l).msg ?? ""));
    await until(() => serving().length === 2, 60_000, "the replacement to serve");
    const ids = Array.from({ length: 8 }, () => tag("after-restart"));
    const answers = await Promise.all(ids.map((id) => askVersion(server, id)));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
  });
});

describe("a server of two worker processes, stopped", () => {
  it(
    "serves every worker's metrics on METRICS_PORT from the primary, and stops all its processes on SIGTERM",
    { timeout: START_MS },
    async () => {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const server = await startServerProcess(
        { MODEL_DB: dbPath, WORKERS: "2", PORT: String(port), METRICS_PORT: String(metricsPort) },
        START_MS,
      );
      try {
        const answers = await Promise.all(Array.from({ length: 6 }, () => askVersion(server)));
        expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
        const metrics = await request(`http://127.0.0.1:${metricsPort}/metrics`, null);
        expect(metrics.text).toMatch(/^graphql_request_duration_seconds_count\{operation="query modelInfo",outcome="ok"\} 6$/m);
        expect((await request(`${server.base}/metrics`, null)).status).toBe(404); // the main port leaves it to METRICS_PORT
        const pids = [server.pid, ...childPids(server.pid)];
        expect(pids).toHaveLength(3);
        await server.stop();
        expect(await server.exited).toBe(0);
        await until(() => pids.every((pid) => !alive(pid)), 30_000, "every process to end");
        expect(server.logLines().join("\n")).toMatch(/SIGTERM: asking 2 worker processes to finish their requests and stop/);
      } finally {
        await server.stop();
      }
    },
  );
});
