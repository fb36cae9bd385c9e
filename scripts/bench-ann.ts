/**
 * Exact scoring against the HNSW graph (model/ann-index.ts, serving/ann-search.ts) on synthetic
 * catalogues of clustered product vectors whose lengths spread as trained factors' do (log-normal,
 * --norm-spread σ; 0 for one length): the graph's build time and memory, the top 10 of each
 * customer's list (20 bought products and 5% of the catalogue unavailable masked out) by exact
 * scoring of every product and through the graph, p50 / p99, and the graph's recall@10 against exact,
 * with the search width (ef) and exact head (the longest vectors) that training's measurement sets
 * (model/ann-tuning.ts, on queries of its own), or with each one given.
 *   npm run bench:ann [-- --products 10000,50000,100000,1000000 --factors 64 --queries 300 --ef 100,200,400 --head 0,1000]
 */
import { Command } from "commander";
import { AnnIndex, DEFAULT_ANN_OPTIONS } from "../src/model/ann-index";
import { ANN_TUNING_QUERIES, tuneAnn } from "../src/model/ann-tuning";
import { createGaussian, createRandom } from "../src/model/random";
import { scoreAll } from "../src/model/scoring";
import { topK } from "../src/model/top-k";
import { annTop } from "../src/serving/ann-search";
import type { LiveModel } from "../src/serving/live-model";
import { IdIndex } from "../src/store";
import { timeIt } from "./bench-common";

const o = new Command()
  .option("--products <list>", "catalogue sizes", "10000,50000,100000,1000000")
  .option("--factors <n>", "dimensions", (v) => Number(v), 64)
  .option("--queries <n>", "lists per measurement", (v) => Number(v), 300)
  .option("--clusters <n>", "taste clusters", (v) => Number(v), 200)
  .option("--ef <list>", "search widths (ef) to try on each graph (default: the one training's measurement sets)")
  .option("--head <list>", "exact heads (longest vectors) to try with each ef (default: the one training's measurement sets)")
  // A trained million-product shop's norms: median 0.019, 99th percentile 0.61 (σ ≈ 1.5), largest 38.8 (bench:scale).
  .option("--norm-spread <sigma>", "σ of the log-normal product lengths", (v) => Number(v), 1.5)
  .parse()
  .opts<{ products: string; factors: number; queries: number; clusters: number; ef?: string; head?: string; normSpread: number }>();

const MB = 1024 * 1024;

function main() {
  const k = o.factors;
  console.log(
    `${"products".padStart(9)} ${"ef".padStart(5)} ${"head".padStart(6)} ${"build s".padStart(8)} ${"tune s".padStart(7)} ${"graph MB".padStart(9)} ${"exact p50".padStart(10)} ${"exact p99".padStart(10)} ${"ANN p50".padStart(8)} ${"ANN p99".padStart(8)} ${"recall@10".padStart(10)} ${"to exact".padStart(10)}`,
  );
  for (const n of o.products.split(",").map(Number)) {
    const gaussian = createGaussian(createRandom(n));
    const random = createRandom(n + 1);
    const centres = Array.from({ length: o.clusters }, () => Float32Array.from({ length: k }, () => gaussian() / Math.sqrt(k)));
    // Power-law cluster sizes, each product near its cluster's centre, its length log-normal.
    const factors = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const c = centres[Math.floor(o.clusters * random() ** 2)];
      const length = Math.exp(o.normSpread * gaussian());
      for (let f = 0; f < k; f++) factors[i * k + f] = length * (c[f] + (0.5 * gaussian()) / Math.sqrt(k));
    }
    const products = new IdIndex(Array.from({ length: n }, (_, i) => `p${i}`));
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const ann = AnnIndex.build(products.ids, factors, k, DEFAULT_ANN_OPTIONS);
    const build = (performance.now() - started) / 1000;
    const graphMb = (process.memoryUsage().rss - before) / MB;
    const model = { ann, k, productFactors: factors, products, coldGroups: [] } as unknown as LiveModel;
    // A customer's taste: near a cluster's centre, clusters drawn by their size.
    const taste = () => {
      const c = centres[Math.floor(o.clusters * random() ** 2)];
      return Float32Array.from({ length: k }, (_, f) => 3 * c[f] + gaussian() / Math.sqrt(k));
    };
    const tuneStarted = performance.now();
    const sample = new Float32Array(ANN_TUNING_QUERIES * k);
    for (let s = 0; s < ANN_TUNING_QUERIES; s++) sample.set(taste(), s * k);
    const tuned = tuneAnn(ann, factors, sample, null).tuning;
    const tuneSeconds = (performance.now() - tuneStarted) / 1000;

    const unavailable = Uint8Array.from({ length: n }, () => (random() < 0.05 ? 1 : 0));
    const lists = Array.from({ length: o.queries }, () => {
      const x = taste();
      const skip = unavailable.slice();
      for (let b = 0; b < 20; b++) skip[Math.floor(random() * n)] = 1;
      return { x, skip };
    });
    const scores = new Float32Array(n);
    const exactTop = (i: number) => topK(scoreAll(factors, n, k, lists[i].x, scores), 10, lists[i].skip);
    const truth = lists.map((_, i) => new Set(exactTop(i).map((r) => r.index)));
    const exact = timeIt(o.queries, (i) => exactTop(i % o.queries));
    const settings = (o.ef ? o.ef.split(",").map(Number) : [tuned.efSearch]).flatMap((ef) =>
      (o.head ? o.head.split(",").map(Number) : [tuned.head]).map((head) => ({ ef, head })),
    );
    for (const { ef, head } of settings) {
      ann.efSearch = ef;
      ann.setHead(factors, head);
      let hits = 0;
      let fallbacks = 0;
      lists.forEach((l, i) => {
        const found = annTop(model, l.x, 10, l.skip);
        if (found === null) fallbacks++;
        for (const r of found ?? exactTop(i)) if (truth[i].has(r.index)) hits++;
      });
      const approximate = timeIt(o.queries, (i) => annTop(model, lists[i % o.queries].x, 10, lists[i % o.queries].skip));
      console.log(
        [
          String(n).padStart(9),
          String(ef).padStart(5),
          String(head).padStart(6),
          build.toFixed(1).padStart(8),
          tuneSeconds.toFixed(1).padStart(7),
          graphMb.toFixed(0).padStart(9),
          exact.p50.toFixed(3).padStart(10),
          exact.p99.toFixed(3).padStart(10),
          approximate.p50.toFixed(3).padStart(8),
          approximate.p99.toFixed(3).padStart(8),
          (hits / (10 * o.queries)).toFixed(3).padStart(10),
          String(fallbacks).padStart(10),
        ].join(" "),
      );
    }
  }
}

main();
