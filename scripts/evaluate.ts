/**
 * Offline evaluation: trains on the past, scores the future, and compares ALS with baselines.
 *   npm run evaluate -- --format online-retail --input <file> --cutoff 2011-11-01
 *   npm run evaluate -- --format trio --input data --protocol last-basket
 */
import "reflect-metadata";
import { MultiBar, Presets } from "cli-progress";
import { Command, Option } from "commander";
import { DEFAULT_ITEM_KNN_OPTIONS, type KnnWeighting } from "../src/model/item-knn";
import type { MetricSummary } from "../src/model/metrics";
import {
  alsCandidate,
  buildEvaluationSet,
  type CandidateModel,
  evaluateModels,
  itemKnnCandidate,
  popularityCandidate,
  type Protocol,
  protocolFilter,
} from "../src/training/evaluation.service";
import { openDatasetInMemory } from "../src/training/pipeline.service";
import { type BuyAgainEvaluation, DEFAULT_BUY_AGAIN_EVALUATION, evaluateBuyAgain } from "../src/training/buy-again-evaluation";
import { validationCutoff } from "../src/training/validation-split";
import { DEFAULT_TRAINING_OPTIONS, type TrainingOptions } from "../src/training/training.service";
import { rankerCandidate } from "../src/training/ranker-selection.service";
import { rankerKind, rankerName } from "../src/model/ranker";
import { DEFAULT_TUNING_OPTIONS, type TuningResult, tune } from "../src/training/tuning.service";
import {
  type AutoTuningOptions,
  addAlsOptions,
  addWeightOptions,
  addAutoTuningOptions,
  addDataOptions,
  alsOverrides,
  type DataOptions,
  date,
  describeSettings,
  positiveInt,
  tuneFlag,
  tuningLog,
} from "./cli-options";

const program = new Command().name("evaluate").description("Train on the past, score the future: ALS against popularity and item-kNN");
addDataOptions(program);
program
  .option("--cutoff <date>", "temporal split: train before this date, test from it on", date("--cutoff"))
  .addOption(new Option("--protocol <protocol>", "temporal (needs --cutoff) or last-basket").choices(["temporal", "last-basket"]))
  .option("--k <list>", "cut-offs, comma-separated", "10,20")
  .option("--models <list>", "models to compare: als, popularity, item-knn", "als,popularity,item-knn")
  .option("--neighbours <n>", "item-kNN neighbours per item", positiveInt("--neighbours"), DEFAULT_ITEM_KNN_OPTIONS.neighbours)
  .addOption(
    new Option("--knn-weighting <w>", "item-kNN weighting").choices(["bm25", "cosine"]).default(DEFAULT_ITEM_KNN_OPTIONS.weighting),
  )
  .option(
    "--buy-again-cutoff <date>",
    "buy again's split (default: --cutoff, else the start of the data's last fifth)",
    date("--buy-again-cutoff"),
  )
  .option(
    "--buy-again-horizon <days>",
    "buy again's longest horizon",
    positiveInt("--buy-again-horizon"),
    DEFAULT_BUY_AGAIN_EVALUATION.horizonDays,
  )
  .option("--json", "print the results as JSON");
addAutoTuningOptions(program, "on a validation split cut from the training period only");
addAlsOptions(program);
addWeightOptions(program);
program.parse();

interface Options extends DataOptions, AutoTuningOptions {
  cutoff?: number;
  protocol?: "temporal" | "last-basket";
  k: string;
  models: string;
  neighbours: number;
  knnWeighting: KnnWeighting;
  json?: boolean;
  buyAgainCutoff?: number;
  buyAgainHorizon: number;
}

export function formatTable(results: { model: string; fitSeconds: number; metrics: MetricSummary[] }[]): string {
  const header = ["model", "k", "precision", "recall", "NDCG", "MAP", "hit rate", "coverage", "fit s"];
  const rows = results.flatMap((r) =>
    r.metrics.map((m) => [
      r.model,
      String(m.k),
      ...[m.precision, m.recall, m.ndcg, m.averagePrecision, m.hitRate, m.coverage].map((v) => v.toFixed(4)),
      r.fitSeconds.toFixed(1),
    ]),
  );
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function formatBuyAgain(r: BuyAgainEvaluation): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const width = Math.max(...r.methods.map((m) => m.name.length));
  return [
    `Buy again, next basket after ${day(r.cutoff)}: ${r.customers} customers whose next basket held products bought before (${r.withoutRepeats} more held none)`,
    `${"method".padEnd(width)}  recall@${r.k}  NDCG@${r.k}`,
    ...r.methods.map(
      (m) =>
        `${m.name.padEnd(width)}  ${m.recall.toFixed(4).padStart(8 + String(r.k).length - 2)}  ${m.ndcg.toFixed(4).padStart(6 + String(r.k).length - 2)}`,
    ),
    `expected next purchase, |days off| (median, ${r.dayError.pairs} products bought again after the cut): ${r.dayError.medianAbsDays.toFixed(1)}` +
      ` (last purchase + own mean interval: ${r.dayError.naiveMedianAbsDays.toFixed(1)}); only purchases before the data ends count, which favours near dates`,
  ].join("\n");
}

async function main() {
  const o = program.opts<Options>();
  const protocolKind = o.protocol ?? (o.cutoff !== undefined ? "temporal" : "last-basket");
  if (protocolKind === "temporal" && o.cutoff === undefined) program.error("--protocol temporal needs --cutoff DATE");
  const protocol: Protocol = protocolKind === "temporal" ? { kind: "temporal", cutoff: o.cutoff! } : { kind: "last-basket" };
  const ks = o.k.split(",").map((v) => Number(v.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 100)) program.error("--k takes whole numbers from 1 to 100, e.g. 10,20");
  const names = o.models.split(",").map((m) => m.trim());
  const unknown = names.filter((m) => !["als", "popularity", "item-knn"].includes(m));
  if (unknown.length) program.error(`unknown model(s): ${unknown.join(", ")}; choose from als, popularity, item-knn`);

  const log = o.json ? () => {} : (line: string) => console.error(line);
  log(`Reading ${o.format} data from ${o.input} ...`);
  const { store } = await openDatasetInMemory(o.format, o.input, { earliestDate: o.earliestDate });
  let settings: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...alsOverrides(program.opts()) };
  let tuning: TuningResult | undefined;
  if (tuneFlag(o)) {
    log("Tuning ALS on the training period ...");
    const options = { ...DEFAULT_TUNING_OPTIONS, trials: o.trials, budgetSeconds: o.tuneBudget ?? null };
    tuning = tune(store, protocolFilter(protocol), settings, options, tuningLog(log));
    settings = { ...settings, ...tuning.best };
    log(
      `Tuned: ${describeSettings(tuning.best)}, served by ${rankerName(tuning.best.ranker)} (validation NDCG@10 ${tuning.validation[0].ndcg.toFixed(4)})`,
    );
  }
  // The split and the baselines use plain order counts; ALS weights the same period its own way.
  const set = buildEvaluationSet(store, protocol, { ...settings, recencyHalfLifeDays: 0 });
  const span = store.interactions.timeSpan({});
  if (set.testUsers.length === 0) {
    const range = span
      ? ` (the data runs from ${new Date(span.first).toISOString().slice(0, 10)} to ${new Date(span.last).toISOString().slice(0, 10)})`
      : "";
    throw new Error(`no customer bought anything new after the split${range}; choose a cutoff inside the data`);
  }
  const protocolText =
    protocol.kind === "temporal" ? `temporal split at ${new Date(protocol.cutoff).toISOString().slice(0, 10)}` : "leave-last-basket-out";
  log(
    `${protocolText}: ${set.customers.size} customers × ${set.products.size} products in training (${set.train.indices.length} pairs); ` +
      `${set.testUsers.length} customers scored; ${set.unseenRelevant} held-out purchases of products unseen in training`,
  );

  // What a tuned shop would serve, when tuning chose more than ALS alone.
  const served =
    tuning && rankerKind(settings.ranker) !== "als" ? [rankerCandidate(settings, `served: ${rankerName(settings.ranker)}`)] : [];
  const candidates: CandidateModel[] = [
    ...served,
    ...names.map((name) =>
      name === "als"
        ? alsCandidate(settings)
        : name === "popularity"
          ? popularityCandidate()
          : itemKnnCandidate({ ...DEFAULT_ITEM_KNN_OPTIONS, neighbours: o.neighbours, weighting: o.knnWeighting }),
    ),
  ];
  const bars =
    o.json || !process.stderr.isTTY
      ? null
      : new MultiBar(
          { format: "  {model} |{bar}| {stage} {value}/{total}", hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        );
  const bar = bars?.create(1, 0, { model: "", stage: "" });
  const results = evaluateModels(set, candidates, ks, {
    onFit: (model, done, total) => {
      if (bar) bar.start(total, done, { model, stage: "fit" });
      else log(`  ${model}: fit ${done}/${total}`);
    },
    onScore: (model, done, total) => {
      if (bar) bar.start(total, done, { model, stage: "score users" });
      else if (done === total) log(`  ${model}: scored ${total} customers`);
    },
  });
  bars?.stop();
  // Buy again: the next basket's repeat items, on a temporal split (dated data only).
  const buyAgainCutoff = o.buyAgainCutoff ?? o.cutoff ?? (span ? validationCutoff(span, 0.2) : undefined);
  const buyAgain = buyAgainCutoff === undefined ? null : evaluateBuyAgain(store, buyAgainCutoff, { k: 10, horizonDays: o.buyAgainHorizon });
  store.close();

  if (o.json) {
    console.log(
      JSON.stringify(
        {
          protocol,
          settings,
          tuning,
          customers: set.customers.size,
          products: set.products.size,
          scored: set.testUsers.length,
          unseenRelevant: set.unseenRelevant,
          results: results.map(({ customerNdcg: _perCustomer, ...result }) => result),
          buyAgain,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(formatTable(results));
    console.log(buyAgain ? `\n${formatBuyAgain(buyAgain)}` : "\nBuy again: the data has no dates, so there is no next basket to score.");
  }
}

main().catch((error: unknown) => {
  console.error(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
