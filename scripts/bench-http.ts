/**
 * Throughput and latency over real HTTP on loopback: the compiled service (`node dist/src/main.js`)
 * against a bare `node:http` reference with the same model and scoring (bench-http-reference.ts), in
 * one run, A/B alternating, driven by autocannon at several connection counts. Prints requests/s,
 * p50/p99, server CPU per request and the ratio to the reference.
 *   npm run bench:http -- [--db <model.db>] [--seconds 5] [--connections 1,16,64] [--scenarios a,b] [--baseline <checkout>] [--workers 1]
 * The model file is copied to a temporary folder first (recordInteraction writes to it). `--baseline`
 * also runs another checkout's compiled service (its `dist/src/main.js`, built beforehand) in the same
 * rotation, on its own copy of the model, for before/after figures from one run. `--workers` runs the
 * service (and the baseline) as that many processes (WORKERS, src/workers.ts); its CPU time is then the
 * sum over the primary and the workers. The reference stays one process. `--merchandising` writes ten
 * rules of every kind and a running experiment into the service's copy (bench-merchandising.ts), and
 * the reference's; with `--baseline .` (this checkout) the baseline serves the same model without them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { Command } from "commander";
import Database from "better-sqlite3";
import { DEFAULT_MODEL_DB } from "../src/config";
import { createServices } from "../src/serving";
import { Store } from "../src/store";
import { addBenchMerchandising } from "./bench-merchandising";
import { childPids, freePort } from "./server-process";

const program = new Command()
  .name("bench:http")
  .option("--db <file>", "model file to serve (copied first)", DEFAULT_MODEL_DB)
  .option("--seconds <n>", "seconds per measurement", "5")
  .option("--connections <list>", "keep-alive connections, comma-separated", "1,16,64")
  .option("--scenarios <list>", "scenarios to run (default: all)")
  .option("--baseline <checkout>", "another checkout whose compiled service runs in the same rotation (before/after)")
  .option("--workers <n>", "server processes of the service (WORKERS: a number or auto)", "1")
  .option("--merchandising", "serve with ten merchandising rules and a running experiment")
  .option("--rounds <n>", "measurements of each server, in turn; the best counts (more rounds: less of the host's noise)", "2")
  .parse();
const o = program.opts<{
  db: string;
  seconds: string;
  connections: string;
  scenarios?: string;
  baseline?: string;
  workers: string;
  rounds: string;
  merchandising?: boolean;
}>();
const ROOT = path.resolve(__dirname, "..");
const DIST = fs.existsSync(path.join(ROOT, "dist/src/main.js")) ? path.join(ROOT, "dist") : path.join(ROOT, "..", "dist");

interface Scenario {
  name: string;
  query: string;
  vars: (i: number) => Record<string, string | number>;
  /** Sent with the service's write key (reads go without one, as a storefront's do by default). */
  writes?: boolean;
}

/** The services run as in production (NODE_ENV=production: graphql-js skips its development checks); writes take this key. */
const WRITE_KEY = `bench-${randomBytes(16).toString("hex")}`;

function pick<T>(list: readonly T[], i: number): T {
  return list[(i * 7919) % list.length];
}

async function waitFor(url: string, child: ChildProcess, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      await fetch(url, { method: "POST", body: "{}" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** User + system CPU seconds a process and its server workers have used (Linux /proc). */
function cpuSeconds(pid: number): number {
  return [pid, ...childPids(pid)].reduce((sum, p) => {
    const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
    return sum + (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks of 1/100 s
  }, 0);
}

/** Waits for the service's log (a file) to say it is ready: with several workers, once every one listens. */
async function waitForLog(file: string, child: ChildProcess, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${fs.readFileSync(file, "utf8")}`);
    if (fs.readFileSync(file, "utf8").includes("GraphQL ready at")) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service was not ready within ${seconds} s`);
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the process has ended. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await ended;
  clearTimeout(killer);
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  errors: number;
}

/**
 * Latency at a steady `rate` (requests per second) for `seconds`: requests start on a fixed schedule,
 * whether or not earlier ones have been answered (an open loop; autocannon's rate limit sends each
 * second's requests in a burst), over at most `connections` keep-alive connections. Returns p50 and
 * p99 in milliseconds, measured from each request's scheduled start.
 */
async function steady(
  url: string,
  connections: number,
  seconds: number,
  rate: number,
  body: (i: number) => string,
  headers: Record<string, string>,
): Promise<{ p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const payload = body(i);
        const req = http.request(
          url,
          {
            method: "POST",
            agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers },
          },
          (res) => {
            res.resume();
            res.on("end", () => {
              if (res.statusCode !== 200) errors++;
              latencies.push(performance.now() - due);
              resolve();
            });
          },
        );
        req.on("error", () => {
          errors++;
          resolve();
        });
        req.end(payload);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), errors };
}

/** Drives `url` for `seconds`, as fast as it answers, or at `rate` requests per second in all. */
async function drive(
  url: string,
  pid: number,
  connections: number,
  seconds: number,
  body: (i: number) => string,
  rate?: number,
  headers: Record<string, string> = {},
): Promise<Figures> {
  let i = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
    requests: [
      { method: "POST", headers: { "content-type": "application/json", ...headers }, setupRequest: (req) => ({ ...req, body: body(i++) }) },
    ],
  });
  const cpu = cpuSeconds(pid) - cpuBefore;
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: total > 0 ? (cpu * 1000) / total : NaN,
    errors: result.non2xx + result.errors,
  };
}

async function main(): Promise<void> {
  if (!fs.existsSync(o.db)) throw new Error(`no model file at ${o.db}: run \`npm start\` once, or \`npm run train\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-http-"));
  const db = path.join(dir, "model.db");
  fs.copyFileSync(o.db, db);
  if (o.merchandising) {
    const store = Store.open(db);
    try {
      addBenchMerchandising(createServices(store));
    } finally {
      store.close();
    }
  }
  const peek = new Database(db, { readonly: true });
  const customers = (
    peek.prepare("SELECT customer_id AS id FROM model_customers WHERE model_id = (SELECT MAX(id) FROM models) LIMIT 2000").all() as {
      id: string;
    }[]
  ).map((r) => r.id);
  const products = (peek.prepare("SELECT id FROM products LIMIT 2000").all() as { id: string }[]).map((r) => r.id);
  const segmented = (
    peek.prepare("SELECT customer_id AS id FROM customer_rfm WHERE model_id = (SELECT MAX(id) FROM models) LIMIT 2000").all() as {
      id: string;
    }[]
  ).map((r) => r.id);
  peek.close();

  const scenarios = (
    [
      {
        name: "recommendations-light",
        query: "query ($id: ID!, $k: Int) { recommendations(customerId: $id, k: $k) { product { id } score } }",
        vars: (i) => ({ id: pick(customers, i), k: 10 }),
      },
      {
        name: "recommendations-heavy",
        query:
          "query ($id: ID!, $k: Int) { recommendations(customerId: $id, k: $k) { product { id name category price rating } score source because(k: 3) { id } } }",
        vars: (i) => ({ id: pick(customers, i), k: 10 }),
      },
      {
        name: "similarProducts",
        query: "query ($id: ID!) { similarProducts(productId: $id, k: 10) { product { id } similarity } }",
        vars: (i) => ({ id: pick(products, i) }),
      },
      {
        name: "segment",
        query: "query ($id: ID!) { segment(customerId: $id) { customerId rfm { label } cluster { label } } }",
        vars: (i) => ({ id: pick(segmented, i) }),
      },
      {
        name: "recordInteraction",
        query:
          "mutation ($id: ID!, $product: ID!) { recordInteraction(input: { customerId: $id, productId: $product, type: VIEW }) { id } }",
        vars: (i) => ({ id: pick(customers, i), product: pick(products, i + 1) }),
        writes: true,
      },
    ] satisfies Scenario[]
  ).filter((s) => !o.scenarios || o.scenarios.split(",").includes(s.name));

  // As in production (logs, limits, no introspection or landing page), with a write key for recordInteraction.
  const serviceEnv = async (file: string): Promise<NodeJS.ProcessEnv> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      API_KEYS: `bench:write:${WRITE_KEY}`,
      MODEL_DB: file,
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      INTROSPECTION: "false",
      LANDING_PAGE: "false",
      MODEL_REFRESH_SECONDS: "0",
      WORKERS: o.workers,
    };
    delete env.API_KEYS_FILE;
    return env;
  };
  interface Server {
    name: string;
    url: string;
    process: ChildProcess;
    /** The service's log file (read for its ready line), as a log collector would take it. */
    log?: string;
    body: (scenario: Scenario) => (i: number) => string;
    path: (scenario: Scenario) => string;
    headers: (scenario: Scenario) => Record<string, string>;
  }
  const graphqlBody = (scenario: Scenario) => (i: number) => JSON.stringify({ query: scenario.query, variables: scenario.vars(i) });
  const startService = async (name: string, main: string, file: string): Promise<Server> => {
    const env = await serviceEnv(file);
    const log = path.join(dir, `${name}.log`);
    const fd = fs.openSync(log, "w");
    const child = spawn(process.execPath, [main], { env, stdio: ["ignore", fd, "inherit"] });
    fs.closeSync(fd);
    return {
      name,
      log,
      url: `http://127.0.0.1:${env.PORT}/graphql`,
      process: child,
      body: graphqlBody,
      path: () => "",
      headers: (scenario: Scenario): Record<string, string> => (scenario.writes ? { "x-api-key": WRITE_KEY } : {}),
    };
  };
  const servers: Server[] = [await startService("service", path.join(DIST, "src/main.js"), db)];
  if (o.baseline) {
    const copy = path.join(dir, "baseline.db");
    fs.copyFileSync(o.db, copy);
    servers.push(await startService("baseline", path.resolve(o.baseline, "dist/src/main.js"), copy));
  }
  const referencePort = await freePort();
  servers.push({
    name: "reference",
    url: `http://127.0.0.1:${referencePort}`,
    process: spawn(process.execPath, [path.join(DIST, "scripts/bench-http-reference.js"), db, String(referencePort)], {
      stdio: ["ignore", "ignore", "inherit"],
    }),
    body: (scenario) => (i) => JSON.stringify(scenario.vars(i)),
    path: (scenario) => `/${scenario.name}`,
    headers: () => ({}),
  });
  try {
    await Promise.all(
      servers.map((s) =>
        (s.log ? waitForLog(s.log, s.process) : waitFor(`${s.url}/segment`, s.process)).then(() => waitFor(s.url, s.process)),
      ),
    );
    const seconds = Number(o.seconds);
    const processes = childPids(servers[0].process.pid!).length || 1;
    console.log(
      `Model ${o.db}: ${customers.length} customers, ${products.length} products sampled; ${seconds} s per measurement, A/B alternating; the service as ${processes} process${processes > 1 ? "es" : ""}${o.merchandising ? ", with ten merchandising rules and a running experiment" : ""}.`,
    );
    const columns = servers.map((s) => `${s.name} req/s | p50 ms | p99 ms | CPU ms/req`);
    console.log(
      `| scenario | connections | ${columns.join(" | ")} | ratio${o.baseline ? " | baseline ratio" : ""} | service p50 / p99 ms at half its req/s, steady | reference p50 / p99 ms at that rate |`,
    );
    console.log(`|---|---|${servers.map(() => "---|---|---|---|").join("")}---|${o.baseline ? "---|" : ""}---|---|`);
    for (const scenario of scenarios) {
      for (const connections of o.connections.split(",").map(Number)) {
        const run = (s: Server, secs: number, rate?: number) =>
          drive(`${s.url}${s.path(scenario)}`, s.process.pid!, connections, secs, s.body(scenario), rate, s.headers(scenario));
        // Warm each up, then measure them in turn (--rounds times) and keep each one's best run.
        for (const s of servers) await run(s, 1);
        const runs: Figures[][] = servers.map(() => []);
        for (let round = 0; round < Number(o.rounds); round++) for (const [k, s] of servers.entries()) runs[k].push(await run(s, seconds));
        const best = runs.map((r) => r.reduce((b, x) => (x.rps > b.rps ? x : b)));
        // Tail latency with room to spare: the service held at half the rate it reached, and the reference
        // at that same rate: what the machine and the load generator add to every server's tail.
        const service = servers[0];
        const reference = best[best.length - 1];
        const referenceServer = servers[servers.length - 1];
        const halfRate = Math.max(1, Math.round(best[0].rps / 2));
        const half = await steady(service.url, connections, seconds, halfRate, service.body(scenario), service.headers(scenario));
        const floor = await steady(
          `${referenceServer.url}${referenceServer.path(scenario)}`,
          connections,
          seconds,
          halfRate,
          referenceServer.body(scenario),
          referenceServer.headers(scenario),
        );
        const f = (x: number, d = 1) => x.toFixed(d);
        const cells = best.map((b) => `${f(b.rps, 0)} | ${f(b.p50)} | ${f(b.p99)} | ${f(b.cpuMsPerRequest, 2)}`);
        const errors =
          best.some((b) => b.errors > 0) || half.errors + floor.errors > 0
            ? ` (errors: ${[...best, half, floor].map((b) => b.errors).join(" / ")})`
            : "";
        const baselineRatio = o.baseline ? ` | ${f(best[1].rps / reference.rps, 2)}` : "";
        console.log(
          `| ${scenario.name} | ${connections} | ${cells.join(" | ")} | ${f(best[0].rps / reference.rps, 2)}${baselineRatio} | ${f(half.p50)} / ${f(half.p99)} | ${f(floor.p50)} / ${f(floor.p99)}${errors} |`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => stop(s.process)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
