/**
 * Writes a model version from factors Spark MLlib trained on an export of this file
 * (src/training/factor-import.service.ts): Spark's saved ALSModel read and checked, ids mapped back
 * through the export's id maps, and everything else trained here as usual. A running server swaps it in.
 *   npm run import-factors -- --spark-model DIR [--export DIR] [--db FILE]
 * --export defaults to the model directory's parent when it holds the export (train_als.py saves the
 * model into EXPORT/spark-model).
 */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { DEFAULT_MODEL_DB } from "../src/config";
import { Store } from "../src/store";
import { importSparkFactors } from "../src/training/factor-import.service";
import { describeGraphs } from "../src/training/ann-graphs";
import { EXPORT_MANIFEST } from "../src/training/spark-export";

const program = new Command()
  .name("import-factors")
  .description("Write a model version from an ALS model Spark MLlib saved")
  .requiredOption("--spark-model <dir>", "the directory ALSModel.save wrote")
  .option("--export <dir>", "the export it was trained on (default: the model directory's parent)")
  .option("--db <file>", "model file (SQLite) the export came from", DEFAULT_MODEL_DB)
  .parse();

async function main() {
  const o = program.opts<{ sparkModel: string; export?: string; db: string }>();
  const exportDir = o.export ?? path.dirname(path.resolve(o.sparkModel));
  if (!fs.existsSync(path.join(exportDir, EXPORT_MANIFEST))) {
    throw new Error(`${exportDir} holds no ${EXPORT_MANIFEST}: give the export the model was trained on with --export`);
  }
  if (!fs.existsSync(o.db)) throw new Error(`${o.db} does not exist: give the model file the export came from with --db`);
  const store = Store.open(o.db);
  try {
    const t = await importSparkFactors(store, o.sparkModel, exportDir);
    console.log(
      [
        `Model ${t.modelId} written to ${o.db} from the Spark model in ${o.sparkModel} (rank ${t.rank}${t.sparkVersion ? `, Spark ${t.sparkVersion}` : ""})`,
        `  customers      ${t.customers}${t.imported?.solvedCustomers ? ` (${t.imported.solvedCustomers} without Spark factors, solved here)` : ""}`,
        `  products       ${t.products}${t.imported?.solvedProducts ? ` (${t.imported.solvedProducts} without Spark factors, solved here)` : ""}`,
        ...(t.unused.customers + t.unused.products > 0
          ? [`  not used       factors of ${t.unused.customers} customers and ${t.unused.products} products this file no longer has`]
          : []),
        `  pairs          ${t.pairs}`,
        `  basket rules   ${t.rules} from ${t.baskets} baskets`,
        `  clusters       ${t.clusters}`,
        ...(t.ann
          ? [`  HNSW graphs    over ${t.ann.products} products in ${t.ann.seconds.toFixed(1)} s: ${describeGraphs(t.ann.graphs ?? [])}`]
          : []),
        `  loss           ${t.finalLoss.toPrecision(6)} (this service's objective at Spark's factors)`,
        `  total seconds  ${t.seconds.toFixed(1)}`,
      ].join("\n"),
    );
  } finally {
    store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`import-factors: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
