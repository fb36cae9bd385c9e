/**
 * Writes a model file's interactions for Spark MLlib's ALS (src/training/spark-export.ts): integer ids
 * with the id maps beside them, ratings whose Spark confidence 1 + α·r is this service's, and the
 * settings, from the file's tuned settings (or the defaults) and the flags given here.
 *   npm run export-interactions -- --format parquet --out DIR [--db FILE] [training flags]
 * Then `spark-submit scripts/spark/train_als.py DIR` and `npm run import-factors -- --spark-model DIR/spark-model`.
 */
import "reflect-metadata";
import { Command, Option } from "commander";
import { DEFAULT_MODEL_DB } from "../src/config";
import { Store } from "../src/store";
import { resolveSettings } from "../src/training/pipeline.service";
import { exportForSpark } from "../src/training/spark-export";
import { addTrainingOptions, alsOverrides } from "./cli-options";

const program = new Command()
  .name("export-interactions")
  .description("Write a model file's interactions as Spark MLlib's ALS learns them, with the id maps and settings")
  .addOption(new Option("--format <format>", "what to write").choices(["parquet"]).default("parquet"))
  .requiredOption("--out <dir>", "directory to write (an export already there is replaced)")
  .option("--db <file>", "model file (SQLite) to read", DEFAULT_MODEL_DB);
addTrainingOptions(program);
program.parse();

function main() {
  const o = program.opts<{ out: string; db: string }>();
  const store = Store.open(o.db, { readonly: true });
  try {
    const { settings } = resolveSettings(store, alsOverrides(program.opts()));
    const { source: _s, referenceDate: _r, rfmThresholds: _t, threads: _n, factorsFrom: _f, ...stored } = settings;
    const started = performance.now();
    const m = exportForSpark(store, stored, o.out);
    const n = (x: number) => x.toLocaleString("en-US");
    console.log(
      [
        `Exported ${n(m.pairs)} customer–product ratings of ${n(m.customers)} customers and ${n(m.products)} products to ${o.out} (${m.parts.length} part${m.parts.length === 1 ? "" : "s"}, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        `  data cut        interaction id ${m.lastInteractionId}`,
        `  Spark ALS       rank ${m.spark.rank}, maxIter ${m.spark.maxIter}, regParam ${m.spark.regParam.toPrecision(4)}, alpha ${m.spark.alpha}, implicitPrefs`,
        `  next            spark-submit scripts/spark/train_als.py ${o.out}`,
        `                  npm run import-factors -- --spark-model ${o.out}/spark-model --db ${o.db}`,
      ].join("\n"),
    );
  } finally {
    store.close();
  }
}

try {
  main();
} catch (error) {
  console.error(`export-interactions: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
