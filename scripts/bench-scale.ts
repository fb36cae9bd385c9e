/**
 * Where one machine stops: synthetic shops (scripts/scale-shop.ts: power-law popularity, clustered
 * tastes) of growing size, each measured in a child process of its own (for its peak memory):
 * import time and file size, training seconds per ALS sweep and peak RSS, model load time and the
 * server's RSS, recommendations p50 / p99 and fold-in (a purchase recorded) p99 in process.
 *   npm run bench:scale [-- --steps 10000:1000000,100000:10000000 --factors 64 --sweeps 3]
 * A step is products:interactions. Steps past --max-interactions (10M by default) are not run:
 * docs/scaling.md projects them from the measured ones.
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { createServices } from "../src/serving";
import { SERVING_STORE, Store } from "../src/store";
import { DEFAULT_TRAINING_OPTIONS, trainFromStore } from "../src/training/training.service";
import { timeIt } from "./bench-common";
import { DEFAULT_SCALE_SHOP, scaleShopCustomers, scaleShopInteractions, scaleShopProducts } from "./scale-shop";

const o = new Command()
  .option("--steps <list>", "products:interactions, comma-separated", "10000:1000000,100000:10000000,1000000:100000000")
  .option("--max-interactions <n>", "steps with more interactions are listed, not run", (v) => Number(v), 10_000_000)
  .option("--factors <n>", "ALS factors", (v) => Number(v), 64)
  .option("--sweeps <n>", "ALS sweeps to time", (v) => Number(v), 3)
  .option("--requests <n>", "recommendations and fold-ins timed", (v) => Number(v), 500)
  .option("--build <step>", "(internal) generate and train one step into --db, print its figures as JSON")
  .option("--serve <products>", "(internal) serve --db, print its figures as JSON")
  .option("--db <file>", "(internal) the step's model file")
  .parse()
  .opts<{
    steps: string;
    maxInteractions: number;
    factors: number;
    sweeps: number;
    requests: number;
    build?: string;
    serve?: string;
    db?: string;
  }>();

const MB = 1024 * 1024;
const peakMb = () => (process.resourceUsage().maxRSS * 1024) / MB;
const seconds = (since: number) => (performance.now() - since) / 1000;

interface StepFigures {
  products: number;
  interactions: number;
  customers: number;
  importSeconds: number;
  fileMb: number;
  trainSeconds: number;
  secondsPerSweep: number;
  trainPeakMb: number;
  loadSeconds: number;
  serverMb: number;
  recommendP50: number;
  recommendP99: number;
  foldInP99: number;
}

type BuildFigures = Pick<
  StepFigures,
  "products" | "interactions" | "customers" | "importSeconds" | "fileMb" | "trainSeconds" | "secondsPerSweep" | "trainPeakMb"
>;
type ServeFigures = Pick<StepFigures, "loadSeconds" | "serverMb" | "recommendP50" | "recommendP99" | "foldInP99">;

/** Generates the shop into `dbPath` and trains it. */
function build(step: string, dbPath: string): BuildFigures {
  const [products, interactions] = step.split(":").map(Number);
  const shop = { ...DEFAULT_SCALE_SHOP, products, interactions };
  let started = performance.now();
  const store = Store.open(dbPath);
  const customers = scaleShopCustomers(shop);
  store.bulkTransaction(() => {
    store.catalog.upsertProducts(scaleShopProducts(shop));
    store.customers.upsert(Array.from({ length: customers }, (_, c) => ({ id: `u${c}` })));
    for (const batch of scaleShopInteractions(shop)) store.imports.insertMany(batch, "import");
  });
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  const importSeconds = seconds(started);
  const fileMb = fs.statSync(dbPath).size / MB;
  started = performance.now();
  const trained = trainFromStore(store, {
    ...DEFAULT_TRAINING_OPTIONS,
    factors: o.factors,
    iterations: o.sweeps,
    // The graphs' build is measured on its own (npm run bench:ann).
    annMinProducts: Number.POSITIVE_INFINITY,
  });
  const trainSeconds = seconds(started);
  store.close();
  return {
    products,
    interactions,
    customers,
    importSeconds,
    fileMb,
    trainSeconds,
    secondsPerSweep: trained.secondsPerIteration,
    trainPeakMb: peakMb(),
  };
}

/** Opens the trained file as a server does, in a process of its own, and times its lists and writes. */
function serve(dbPath: string, products: number): ServeFigures {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const served = Store.open(dbPath, SERVING_STORE);
  const services = createServices(served);
  const model = services.holder.current;
  const loadSeconds = seconds(started);
  const serverMb = (process.memoryUsage().rss - before) / MB;
  const ids = model.customers.ids;
  const pick = (i: number) => ids[(i * 7919) % ids.length];
  for (let i = 0; i < 50; i++) services.recommendations.recommend(pick(i + 1000), 10);
  const recommend = timeIt(o.requests, (i) => services.recommendations.recommend(pick(i), 10));
  for (let i = 0; i < 20; i++)
    services.interactions.recordInteraction({ customerId: pick(i + 3000), productId: `p${(i * 17) % products}`, type: "purchase" });
  const foldIn = timeIt(Math.min(o.requests, 200), (i) =>
    services.interactions.recordInteraction({ customerId: pick(i + 5), productId: `p${(i * 31) % products}`, type: "purchase" }),
  );
  served.close();
  return { loadSeconds, serverMb, recommendP50: recommend.p50, recommendP99: recommend.p99, foldInP99: foldIn.p99 };
}

function child<T>(args: string[]): T {
  const run = spawnSync(process.execPath, [...process.execArgv, __filename, ...args], { encoding: "utf8", maxBuffer: 64 * MB });
  if (run.status !== 0) throw new Error((run.stderr || run.stdout).trim().split("\n").slice(-3).join(" "));
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as T;
}

function runStep(step: string): StepFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
  const dbPath = path.join(dir, "shop.db");
  const common = ["--factors", String(o.factors), "--sweeps", String(o.sweeps), "--requests", String(o.requests)];
  try {
    const built = child<BuildFigures>(["--build", step, "--db", dbPath, ...common]);
    return { ...built, ...child<ServeFigures>(["--serve", String(built.products), "--db", dbPath, ...common]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  if (o.build) return console.log(JSON.stringify(build(o.build, o.db!)));
  if (o.serve) return console.log(JSON.stringify(serve(o.db!, Number(o.serve))));
  const header = [
    "products",
    "interactions",
    "customers",
    "import s",
    "file MB",
    "train s",
    "s/sweep",
    "train peak MB",
    "load s",
    "server MB",
    "rec p50 ms",
    "rec p99 ms",
    "fold-in p99 ms",
  ];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const step of o.steps.split(",")) {
    const [products, interactions] = step.split(":").map(Number);
    if (interactions > o.maxInteractions) {
      console.log(`| ${products} | ${interactions} | not run: more than --max-interactions ${o.maxInteractions} |`);
      continue;
    }
    let f: StepFigures;
    try {
      f = runStep(step);
    } catch (error) {
      console.log(`| ${products} | ${interactions} | failed: ${(error as Error).message} |`);
      continue;
    }
    const cells = [
      f.products,
      f.interactions,
      f.customers,
      f.importSeconds.toFixed(1),
      f.fileMb.toFixed(0),
      f.trainSeconds.toFixed(1),
      f.secondsPerSweep.toFixed(2),
      f.trainPeakMb.toFixed(0),
      f.loadSeconds.toFixed(1),
      f.serverMb.toFixed(0),
      f.recommendP50.toFixed(3),
      f.recommendP99.toFixed(3),
      f.foldInP99.toFixed(3),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
}

main();
