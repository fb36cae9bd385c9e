/**
 * Where one machine stops: synthetic shops (scripts/scale-shop.ts: power-law popularity, clustered
 * tastes) of growing size, each phase measured in a child process of its own (for its peak memory):
 * the import as the importers do it (every record in memory, then loadIntoStore: indexes built after
 * the rows) with its time, peak RSS and file size; training seconds per ALS sweep, the HNSW graphs'
 * build (from --ann-min-products products on, as training does) and peak RSS; model load time and the
 * server's RSS, recommendations and similarProducts p50 / p99 in process (through the graph when the
 * version has one, with its recall@10 against exact scoring of the same lists), fold-in p99.
 *   npm run bench:scale [-- --steps 10000:1000000,100000:10000000 --factors 64 --sweeps 3 --keep DIR]
 * A step is products:interactions. Steps past --max-interactions (10M by default) are not run:
 * docs/scaling.md projects them from the measured ones. With --keep, each step's file stays in DIR
 * with its figures: a later run with the same DIR trains it again only when its training figures
 * (shop-P-I.db.json) are deleted, and imports it again only when its import figures are.
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { ImportReport } from "../src/importers";
import { DEFAULT_ANN_MIN_PRODUCTS } from "../src/model/ann-index";
import { createServices } from "../src/serving";
import { SERVING_STORE, Store } from "../src/store";
import { describeGraphs } from "../src/training/ann-graphs";
import { loadIntoStore } from "../src/training/import.service";
import { DEFAULT_TRAINING_OPTIONS, trainFromStore } from "../src/training/training.service";
import { timeIt } from "./bench-common";
import { DEFAULT_SCALE_SHOP, scaleShopCustomers, scaleShopInteractions, scaleShopProducts } from "./scale-shop";

const o = new Command()
  .option("--steps <list>", "products:interactions, comma-separated", "10000:1000000,100000:10000000,1000000:100000000")
  .option("--max-interactions <n>", "steps with more interactions are listed, not run", (v) => Number(v), 10_000_000)
  .option("--factors <n>", "ALS factors", (v) => Number(v), 64)
  .option("--sweeps <n>", "ALS sweeps to time", (v) => Number(v), 3)
  .option("--ann-min-products <n>", "build HNSW graphs from this many products on", (v) => Number(v), DEFAULT_ANN_MIN_PRODUCTS)
  .option("--requests <n>", "lists and fold-ins timed", (v) => Number(v), 500)
  .option("--keep <dir>", "keep each step's file here; a step already imported is not imported again, one already trained only served")
  .option("--phase <name>", "(internal) import, train or serve --step into --db, print its figures as JSON")
  .option("--step <step>", "(internal) products:interactions")
  .option("--db <file>", "(internal) the step's model file")
  .parse()
  .opts<{
    steps: string;
    maxInteractions: number;
    factors: number;
    sweeps: number;
    annMinProducts: number;
    requests: number;
    keep?: string;
    phase?: "import" | "train" | "serve";
    step?: string;
    db?: string;
  }>();

const MB = 1024 * 1024;
const peakMb = () => (process.resourceUsage().maxRSS * 1024) / MB;
const seconds = (since: number) => (performance.now() - since) / 1000;

interface ImportFigures {
  products: number;
  interactions: number;
  customers: number;
  importSeconds: number;
  importPeakMb: number;
  fileMb: number;
}

interface TrainFigures {
  trainSeconds: number;
  secondsPerSweep: number;
  /** Both HNSW graphs' build, null when the catalogue is below --ann-min-products. */
  graphSeconds: number | null;
  /** What each graph's measurement at build set, and its sample's recall (describeGraphs). */
  graphSettings: string | null;
  trainPeakMb: number;
}

interface ServeFigures {
  loadSeconds: number;
  serverMb: number;
  recommendP50: number;
  recommendP99: number;
  similarP50: number;
  similarP99: number;
  /** recommendations' recall@10 through the graph against exact scoring of the same lists; null without a graph. */
  graphRecall: number | null;
  /** The same for similarProducts through the graph by cosine. */
  similarRecall: number | null;
  foldInP99: number;
}

type StepFigures = ImportFigures & TrainFigures & ServeFigures;

function shopOf(step: string) {
  const [products, interactions] = step.split(":").map(Number);
  return { ...DEFAULT_SCALE_SHOP, products, interactions };
}

/** Generates the shop and imports it into a new `dbPath` as `npm run import` does: every record in memory, then one bulk transaction. */
function importStep(step: string, dbPath: string): ImportFigures {
  const shop = shopOf(step);
  const started = performance.now();
  const customers = scaleShopCustomers(shop);
  const interactions = [];
  for (const batch of scaleShopInteractions(shop)) for (const r of batch) interactions.push(r);
  const store = Store.open(dbPath);
  loadIntoStore(store, {
    products: scaleShopProducts(shop),
    customers: Array.from({ length: customers }, (_, c) => ({ id: `u${c}` })),
    interactions,
    report: new ImportReport(),
  });
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  store.close();
  return {
    products: shop.products,
    interactions: shop.interactions,
    customers,
    importSeconds: seconds(started),
    importPeakMb: peakMb(),
    fileMb: fs.statSync(dbPath).size / MB,
  };
}

/** Trains the imported file, with the graphs when the catalogue reaches --ann-min-products. */
function trainStep(dbPath: string): TrainFigures {
  const store = Store.open(dbPath);
  const started = performance.now();
  const trained = trainFromStore(store, {
    ...DEFAULT_TRAINING_OPTIONS,
    factors: o.factors,
    iterations: o.sweeps,
    annMinProducts: o.annMinProducts,
  });
  const trainSeconds = seconds(started);
  store.close();
  const graphSeconds = trained.ann?.seconds ?? null;
  const graphSettings = trained.ann?.graphs ? describeGraphs(trained.ann.graphs) : null;
  return { trainSeconds, secondsPerSweep: trained.secondsPerIteration, graphSeconds, graphSettings, trainPeakMb: peakMb() };
}

/** Opens the trained file as a server does, in a process of its own, and times its lists and writes. */
function serveStep(dbPath: string, products: number): ServeFigures {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const served = Store.open(dbPath, SERVING_STORE);
  const services = createServices(served);
  const model = services.holder.current;
  const loadSeconds = seconds(started);
  const serverMb = (process.memoryUsage().rss - before) / MB;
  const ids = model.customers.ids;
  const pick = (i: number) => ids[(i * 7919) % ids.length];
  const item = (i: number) => model.products.ids[(i * 104_729) % model.products.size];
  const list = (i: number) => services.recommendations.recommend(pick(i), 10).items.map((r) => r.product.id);
  for (let i = 0; i < 50; i++) list(i + 1000);
  const recommend = timeIt(o.requests, list);
  for (let i = 0; i < 50; i++) services.catalog.similarProducts(item(i + 1000), 10);
  const similar = timeIt(o.requests, (i) => services.catalog.similarProducts(item(i), 10));
  // The same lists scored exactly: the graph set aside on this version (a benchmark's shortcut; serving reads it per request).
  const recallOf = (graph: "ann" | "annCosine", ranked: (i: number) => string[]): number | null => {
    const held = model[graph];
    if (held === null) return null;
    const sample = Math.min(o.requests, 300);
    const approximate = Array.from({ length: sample }, (_, i) => ranked(i));
    Object.assign(model, { [graph]: null });
    let hits = 0;
    let asked = 0;
    for (let i = 0; i < sample; i++) {
      const exact = ranked(i);
      asked += exact.length;
      hits += exact.filter((id) => approximate[i].includes(id)).length;
    }
    Object.assign(model, { [graph]: held });
    return hits / Math.max(1, asked);
  };
  const graphRecall = recallOf("ann", list);
  const similarRecall = recallOf("annCosine", (i) => services.catalog.similarProducts(item(i), 10).items.map((r) => r.product.id));
  for (let i = 0; i < 20; i++)
    services.interactions.recordInteraction({ customerId: pick(i + 3000), productId: `p${(i * 17) % products}`, type: "purchase" });
  const foldIn = timeIt(Math.min(o.requests, 200), (i) =>
    services.interactions.recordInteraction({ customerId: pick(i + 5), productId: `p${(i * 31) % products}`, type: "purchase" }),
  );
  served.close();
  return {
    loadSeconds,
    serverMb,
    recommendP50: recommend.p50,
    recommendP99: recommend.p99,
    similarP50: similar.p50,
    similarP99: similar.p99,
    graphRecall,
    similarRecall,
    foldInP99: foldIn.p99,
  };
}

function child<T>(phase: string, step: string, dbPath: string): T {
  const args = ["--phase", phase, "--step", step, "--db", dbPath, "--factors", String(o.factors), "--sweeps", String(o.sweeps)];
  args.push("--ann-min-products", String(o.annMinProducts), "--requests", String(o.requests));
  const run = spawnSync(process.execPath, [...process.execArgv, __filename, ...args], { encoding: "utf8", maxBuffer: 64 * MB });
  if (run.status !== 0) throw new Error(`${phase}: ${(run.stderr || run.stdout).trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as T;
}

function runStep(step: string): StepFigures {
  const dir = o.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
  fs.mkdirSync(dir, { recursive: true });
  const dbPath = path.join(dir, `shop-${step.replace(":", "-")}.db`);
  // Kept: the import's figures once imported, the training's once trained (delete it to train again).
  const [keptImport, keptTraining] = [`${dbPath}.import.json`, `${dbPath}.json`];
  const kept = <T>(file: string, run: () => T): T => {
    if (o.keep && fs.existsSync(file) && fs.existsSync(dbPath)) return JSON.parse(fs.readFileSync(file, "utf8")) as T;
    const figures = run();
    if (o.keep) fs.writeFileSync(file, JSON.stringify(figures));
    return figures;
  };
  try {
    const imported = kept(keptImport, () => {
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, keptTraining]) fs.rmSync(file, { force: true });
      return child<ImportFigures>("import", step, dbPath);
    });
    const trained = kept(keptTraining, () => child<TrainFigures>("train", step, dbPath));
    return { ...imported, ...trained, ...child<ServeFigures>("serve", step, dbPath) };
  } finally {
    if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runPhase(): unknown {
  const [step, db] = [o.step!, o.db!];
  if (o.phase === "import") return importStep(step, db);
  if (o.phase === "train") return trainStep(db);
  return serveStep(db, shopOf(step).products);
}

const COLUMNS: [string, (f: StepFigures) => string][] = [
  ["products", (f) => String(f.products)],
  ["interactions", (f) => String(f.interactions)],
  ["customers", (f) => String(f.customers)],
  ["import s", (f) => f.importSeconds.toFixed(1)],
  ["import peak MB", (f) => f.importPeakMb.toFixed(0)],
  ["file MB", (f) => f.fileMb.toFixed(0)],
  ["train s", (f) => f.trainSeconds.toFixed(1)],
  ["s/sweep", (f) => f.secondsPerSweep.toFixed(2)],
  ["graphs s", (f) => (f.graphSeconds === null ? "-" : f.graphSeconds.toFixed(0))],
  ["graphs set", (f) => f.graphSettings ?? "-"],
  ["train peak MB", (f) => f.trainPeakMb.toFixed(0)],
  ["load s", (f) => f.loadSeconds.toFixed(1)],
  ["server MB", (f) => f.serverMb.toFixed(0)],
  ["rec p50 ms", (f) => f.recommendP50.toFixed(3)],
  ["rec p99 ms", (f) => f.recommendP99.toFixed(3)],
  ["similar p50 ms", (f) => f.similarP50.toFixed(3)],
  ["similar p99 ms", (f) => f.similarP99.toFixed(3)],
  ["rec recall@10", (f) => (f.graphRecall === null ? "-" : f.graphRecall.toFixed(3))],
  ["similar recall@10", (f) => (f.similarRecall === null ? "-" : f.similarRecall.toFixed(3))],
  ["fold-in p99 ms", (f) => f.foldInP99.toFixed(3)],
];

function main() {
  if (o.phase) return console.log(JSON.stringify(runPhase()));
  console.log(`| ${COLUMNS.map(([name]) => name).join(" | ")} |\n|${COLUMNS.map(() => "---").join("|")}|`);
  for (const step of o.steps.split(",")) {
    const [products, interactions] = step.split(":").map(Number);
    if (interactions > o.maxInteractions) {
      console.log(`| ${products} | ${interactions} | not run: more than --max-interactions ${o.maxInteractions} |`);
      continue;
    }
    try {
      const f = runStep(step);
      console.log(`| ${COLUMNS.map(([, cell]) => cell(f)).join(" | ")} |`);
    } catch (error) {
      console.log(`| ${products} | ${interactions} | failed: ${(error as Error).message} |`);
    }
  }
}

main();
