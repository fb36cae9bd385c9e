/**
 * Chooses ALS settings for a shop's data on a validation split cut from the end of that data, stores
 * them in the model file, and trains a model version with them:
 *   npm run tune -- --format <trio|online-retail|events> --input <path> --db <file> [--trials 24]
 * Later `npm run train` runs on the same file use the stored settings.
 */
import "reflect-metadata";
import { rankerName } from "../src/model/ranker";
import { Command } from "commander";
import { DEFAULT_MODEL_DB, SAMPLE_DIR } from "../src/config";
import { importAndTrain } from "../src/training/pipeline.service";
import { DEFAULT_TUNING_OPTIONS } from "../src/training/tuning.service";
import {
  addDataOptions,
  addTrainingOptions,
  alsOverrides,
  type DataOptions,
  describeSettings,
  positive,
  positiveInt,
  tuningLog,
} from "./cli-options";

const program = new Command()
  .name("tune")
  .description("Tune ALS on held-out data from the training period, store the settings, train with them");
addDataOptions(program, { input: SAMPLE_DIR });
program
  .option("--db <file>", "model file (SQLite) to write", DEFAULT_MODEL_DB)
  .option("--trials <n>", "settings to try", positiveInt("--trials"), DEFAULT_TUNING_OPTIONS.trials)
  .option(
    "--validation-fraction <x>",
    "share of the data's time span held out for validation",
    positive("--validation-fraction"),
    DEFAULT_TUNING_OPTIONS.validationFraction,
  )
  .option("--tuning-seed <n>", "seed of the random search", positiveInt("--tuning-seed"), DEFAULT_TUNING_OPTIONS.seed);
addTrainingOptions(program);
program.parse();

interface Options extends DataOptions {
  db: string;
  trials: number;
  validationFraction: number;
  tuningSeed: number;
}

async function main() {
  const o = program.opts<Options>();
  if (o.validationFraction >= 1) program.error("--validation-fraction must be below 1");
  console.log(`Reading ${o.format} data from ${o.input} ...`);
  const result = await importAndTrain(
    o.db,
    o.format,
    o.input,
    {
      overrides: alsOverrides(program.opts()),
      bounds: { earliestDate: o.earliestDate },
      tune: true,
      tuning: { ...DEFAULT_TUNING_OPTIONS, trials: o.trials, validationFraction: o.validationFraction, seed: o.tuningSeed },
    },
    { ...tuningLog((line) => console.log(line)), onImported: (report) => console.log(report.format()) },
  );
  const validation = result.tuning!.validation as { k: number; ndcg: number; recall: number; hitRate: number }[];
  console.log(`Best settings: ${describeSettings(result.settings)}`);
  console.log("Rankers compared on the validation split (NDCG@10, best first):");
  for (const r of result.tuning!.details.rankers?.slice(0, 8) ?? []) console.log(`  ${r.ndcg10.toFixed(4)}  ${r.name}`);
  console.log(`Served: ${rankerName(result.settings.ranker)}`);
  for (const m of validation)
    console.log(`  validation @${m.k}: NDCG ${m.ndcg.toFixed(4)}, recall ${m.recall.toFixed(4)}, hit rate ${m.hitRate.toFixed(4)}`);
  console.log(`Stored in ${o.db}; model ${result.training.modelId} trained with them (${result.training.seconds.toFixed(1)} s).`);
}

main().catch((error: unknown) => {
  console.error(`tune: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
