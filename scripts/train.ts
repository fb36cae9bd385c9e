/**
 * Imports a shop's data into a model file and trains a new model version:
 *   npm run train -- --format <trio|online-retail|events> --input <path> --db <file> [options]
 * Defaults: the bundled sample (trio, data/) into data/model.db. Unless --no-tune or a setting that
 * tuning chooses is given, the settings are tuned first (within --tune-budget: 30 seconds of work on the reference machine class by default)
 * and stored in the file; otherwise they come from the defaults, then the settings stored by an
 * earlier tuning, then the flags given here.
 */
import "reflect-metadata";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { DEFAULT_MODEL_DB, SAMPLE_DIR } from "../src/config";
import { rankerName } from "../src/model/ranker";
import { DEFAULT_TRAIN_TUNING, importAndTrain } from "../src/training/pipeline.service";
import { describeGraphs } from "../src/training/ann-graphs";
import type { StoredTuning } from "../src/store";
import {
  type AutoTuningOptions,
  addAutoTuningOptions,
  addTrainingOptions,
  addDataOptions,
  alsOverrides,
  type DataOptions,
  describeSettings,
  tuneFlag,
  tuningLog,
} from "./cli-options";

const program = new Command().name("train").description("Import a shop's data into a model file and train an implicit-feedback ALS model");
addDataOptions(program, { input: SAMPLE_DIR });
program.option("--db <file>", "model file (SQLite) to write", DEFAULT_MODEL_DB).option("--json", "print the summary as JSON");
addAutoTuningOptions(program, "as `npm run tune` does, and store them in the file");
addTrainingOptions(program);
program.parse();

interface Options extends DataOptions, AutoTuningOptions {
  db: string;
  json?: boolean;
}

/** ", ALS alone 0.1067" when tuning compared rankers and another won. */
/** What the served ranker is compared with on validation: ALS alone (when a blend or another ranker won) and popularity. */
function beside(tuning: StoredTuning | null): string {
  const rankers = tuning?.details.rankers ?? [];
  const e = tuning?.details.evidence;
  if (e && !e.clearlyBetter && rankers.length > 0) {
    const popularity = rankers.find((r) => r.name === "popularity");
    return ` (best found ${rankers[0].ndcg10.toFixed(4)}${popularity ? `, popularity ${popularity.ndcg10.toFixed(4)}` : ""})`;
  }
  const als = rankers.find((r) => r.name === "ALS");
  const popularity = rankers.find((r) => r.name === "popularity");
  const parts = [
    ...(als && rankers[0].name !== "ALS" ? [`ALS alone ${als.ndcg10.toFixed(4)}`] : []),
    ...(popularity && rankers[0].name !== "popularity" ? [`popularity ${popularity.ndcg10.toFixed(4)}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** How the settings were chosen, for the summary: tuned on which split, or not tuned. */
function chosenBy(tuning: StoredTuning | null, untunedReason: string | null): string {
  if (!tuning) return ` (not tuned: ${untunedReason ?? "stored, given or default settings"})`;
  const split = tuning.details.split === "holdout" ? "a random holdout" : "a temporal split";
  const e = tuning.details.evidence;
  const kept =
    e && !e.clearlyBetter
      ? `; kept the starting settings: the best found gained ${e.gain.toFixed(4)} ± ${e.standardError.toFixed(4)} NDCG@10 over them, within the noise`
      : "";
  return ` (tuned ${new Date(tuning.createdAt).toISOString().slice(0, 10)} on ${split}${kept})`;
}

async function main() {
  const o = program.opts<Options>();
  const log = o.json ? () => {} : (line: string) => console.log(line);
  // A live bar on a terminal; one line per iteration in logs and pipes.
  const showBar = !o.json && process.stderr.isTTY;
  const bar = new SingleBar({
    format: "  training |{bar}| {value}/{total} iterations | {seconds}s/iteration | loss {loss}",
    hideCursor: true,
  });
  let iterations = 0;
  log(`Reading ${o.format} data from ${o.input} ...`);
  const result = await importAndTrain(
    o.db,
    o.format,
    o.input,
    {
      overrides: alsOverrides(program.opts()),
      bounds: { earliestDate: o.earliestDate },
      tune: tuneFlag(o),
      tuning: { ...DEFAULT_TRAIN_TUNING, trials: o.trials, budgetSeconds: o.tuneBudget ?? DEFAULT_TRAIN_TUNING.budgetSeconds },
    },
    {
      ...tuningLog(log),
      onImported: (report) => log(report.format()),
      onLoaded: (c) => {
        const n = (x: number) => x.toLocaleString("en-US");
        log(`Wrote the interactions into ${o.db}: ${n(c.inserted)} added, ${n(c.removed)} removed, ${n(c.kept)} kept as they were`);
      },
      onTuningStart: () => log("Tuning on a validation split held out of the data (--no-tune to skip) ..."),
      onTuningSkipped: (reason) => log(`Not tuned (${reason}); training with the stored or default settings.`),
      onStart: (info) => {
        iterations = info.iterations;
        log(`Training ALS: ${info.customers} customers × ${info.products} products, ${info.pairs} pairs`);
        if (showBar) bar.start(info.iterations, 0, { seconds: "-", loss: "-" });
      },
      onIteration: (it) => {
        if (showBar) bar.update(it.iteration, { seconds: it.seconds.toFixed(2), loss: it.loss.toPrecision(5) });
        else log(`  iteration ${it.iteration}/${iterations}  ${it.seconds.toFixed(2)} s  loss ${it.loss.toPrecision(5)}`);
      },
    },
  );
  if (showBar) bar.stop();
  const t = result.training;
  if (o.json) {
    console.log(JSON.stringify({ import: result.report, loaded: result.loaded, settings: result.settings, training: t }, null, 2));
    return;
  }
  const validation = result.tuning?.validation;
  log(
    [
      `Model ${t.modelId} written to ${o.db}`,
      `  settings       ${describeSettings(result.settings)}${chosenBy(result.tuning, result.untunedReason)}`,
      `  ranker         ${rankerName(result.settings.ranker)}`,
      ...(validation ? [`  validation     NDCG@10 ${validation[0].ndcg.toFixed(4)}${beside(result.tuning)}`] : []),
      `  customers      ${t.customers}`,
      `  products       ${t.products}`,
      `  interactions   ${t.interactions}`,
      ...(t.outOfBounds > 0 ? [`  left out       ${t.outOfBounds} interactions out of bounds, stored before the bounds were checked`] : []),
      `  pairs          ${t.pairs}`,
      `  RFM segmented  ${t.segmentedCustomers} customers`,
      `  basket rules   ${t.rules} from ${t.baskets} baskets (${t.ruleSeconds.toFixed(1)} s)`,
      `  clusters       ${t.clusters}`,
      ...(t.ann
        ? [`  HNSW graphs    over ${t.ann.products} products in ${t.ann.seconds.toFixed(1)} s: ${describeGraphs(t.ann.graphs ?? [])}`]
        : []),
      `  s/iteration    ${t.secondsPerIteration.toFixed(3)}`,
      `  final loss     ${t.finalLoss.toPrecision(6)}`,
      `  total seconds  ${t.seconds.toFixed(1)}`,
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`train: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
