/**
 * Throughput and latency over real HTTP on loopback: the compiled service (`node dist/src/main.js`)
 * against a bare `node:http` reference with the same model and scoring (bench-http-reference.ts), in
 * one run, A/B alternating, driven by autocannon at several connection counts. Prints requests/s,
 * p50/p99, server CPU per request and the ratio to the reference.
 *   npm run bench:http -- [--db <model.db>] [--seconds 5] [--connections 1,16,64] [--scenarios a,b] [--workers 1]
 * The model file is copied to a temporary folder first (recordInteraction writes to it). `--workers`
 * runs the service as that many processes (WORKERS, src/cluster.ts); its CPU time is then the sum over
 * the primary and the workers. The reference stays one process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { Command } from "commander";
import Database from "better-sqlite3";
import { DEFAULT_MODEL_DB } from "../src/config";
import { childPids, freePort } from "./server-process";

const program = new Command()
  .name("bench:http")
  .option("--db <file>", "model file to serve (copied first)", DEFAULT_MODEL_DB)
  .option("--seconds <n>", "seconds per measurement", "5")
  .option("--connections <list>", "keep-alive connections, comma-separated", "1,16,64")
  .option("--scenarios <list>", "scenarios to run (default: all)")
  .option("--workers <n>", "server processes of the service (WORKERS: a number or auto)", "1")
  .parse();
const o = program.opts<{ db: string; seconds: string; connections: string; scenarios?: string; workers: string }>();
const ROOT = path.resolve(__dirname, "..");
const DIST = fs.existsSync(path.join(ROOT, "dist/src/main.js")) ? path.join(ROOT, "dist") : path.join(ROOT, "..", "dist");

interface Scenario {
  name: string;
  query: string;
  vars: (i: number) => Record<string, string | number>;
}

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

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  errors: number;
}

async function drive(url: string, pid: number, connections: number, seconds: number, body: (i: number) => string): Promise<Figures> {
  let i = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: "POST", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: body(i++) }) }],
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

/** SIGTERM, then SIGKILL after 15 s; resolves when the process has ended. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await ended;
  clearTimeout(killer);
}

async function main(): Promise<void> {
  if (!fs.existsSync(o.db)) throw new Error(`no model file at ${o.db}: run \`npm start\` once, or \`npm run train\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-http-"));
  const db = path.join(dir, "model.db");
  fs.copyFileSync(o.db, db);
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
      },
    ] satisfies Scenario[]
  ).filter((s) => !o.scenarios || o.scenarios.split(",").includes(s.name));

  const [servicePort, referencePort] = [await freePort(), await freePort()];
  // Production's logs, introspection and landing page; development's open writes, so recordInteraction needs no key.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    MODEL_DB: db,
    PORT: String(servicePort),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    INTROSPECTION: "false",
    LANDING_PAGE: "false",
    MODEL_REFRESH_SECONDS: "0",
    WORKERS: o.workers,
  };
  delete env.API_KEYS;
  delete env.API_KEYS_FILE;
  // The log goes to a file (read for the ready line), as it would to a log collector.
  const logFile = path.join(dir, "service.log");
  const log = fs.openSync(logFile, "w");
  const service = spawn(process.execPath, [path.join(DIST, "src/main.js")], { env, stdio: ["ignore", log, "inherit"] });
  const reference = spawn(process.execPath, [path.join(DIST, "scripts/bench-http-reference.js"), db, String(referencePort)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const serviceUrl = `http://127.0.0.1:${servicePort}/graphql`;
    const referenceUrl = `http://127.0.0.1:${referencePort}`;
    await Promise.all([waitForLog(logFile, service), waitFor(serviceUrl, service), waitFor(`${referenceUrl}/segment`, reference)]);
    const seconds = Number(o.seconds);
    const processes = childPids(service.pid!).length || 1;
    console.log(
      `Model ${o.db}: ${customers.length} customers, ${products.length} products sampled; ${seconds} s per measurement, A/B alternating; the service as ${processes} process${processes > 1 ? "es" : ""}.`,
    );
    console.log(
      "| scenario | connections | service req/s | p50 ms | p99 ms | CPU ms/req | reference req/s | p50 ms | p99 ms | CPU ms/req | ratio |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const scenario of scenarios) {
      for (const connections of o.connections.split(",").map(Number)) {
        const graphql = (i: number) => JSON.stringify({ query: scenario.query, variables: scenario.vars(i) });
        const plain = (i: number) => JSON.stringify(scenario.vars(i));
        // Warm both up, then measure service, reference, service, reference and keep each one's better run.
        await drive(serviceUrl, service.pid!, connections, 1, graphql);
        await drive(`${referenceUrl}/${scenario.name}`, reference.pid!, connections, 1, plain);
        const runs: Figures[][] = [[], []];
        for (let round = 0; round < 2; round++) {
          runs[0].push(await drive(serviceUrl, service.pid!, connections, seconds, graphql));
          runs[1].push(await drive(`${referenceUrl}/${scenario.name}`, reference.pid!, connections, seconds, plain));
        }
        const [a, b] = runs.map((r) => r.reduce((best, x) => (x.rps > best.rps ? x : best)));
        const errors = a.errors + b.errors > 0 ? ` (errors: ${a.errors} / ${b.errors})` : "";
        const f = (x: number, d = 1) => x.toFixed(d);
        console.log(
          `| ${scenario.name} | ${connections} | ${f(a.rps, 0)} | ${f(a.p50)} | ${f(a.p99)} | ${f(a.cpuMsPerRequest, 2)} | ${f(b.rps, 0)} | ${f(b.p50)} | ${f(b.p99)} | ${f(b.cpuMsPerRequest, 2)} | ${f(a.rps / b.rps, 2)}${errors} |`,
        );
      }
    }
  } finally {
    await Promise.all([stop(service), stop(reference)]);
    fs.closeSync(log);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
