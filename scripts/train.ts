/**
 * Imports a shop's data into a model file and trains a new model version:
 *   npm run train -- --format <trio|online-retail|events> --input <path> --db <file> [ALS options]
 * Defaults: the bundled sample (trio, data/) into data/model.db.
 */
import "reflect-metadata";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_MODEL_DB, SAMPLE_DIR } from "../src/config";
import { DATA_FORMATS, type DataFormat } from "../src/data";
import { importAndTrain } from "../src/services/pipeline.service";
import { DEFAULT_TRAINING_OPTIONS } from "../src/services/training.service";

function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}
function nonNegative(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
    return n;
  };
}

const d = DEFAULT_TRAINING_OPTIONS;
const program = new Command()
  .name("train")
  .description("Import a shop's data into a model file and train an implicit-feedback ALS model")
  .addOption(new Option("--format <format>", "input format").choices(Object.keys(DATA_FORMATS)).default("trio"))
  .option("--input <path>", "input file or folder (trio: a folder)", SAMPLE_DIR)
  .option("--db <file>", "model file (SQLite) to write", DEFAULT_MODEL_DB)
  .option("--factors <n>", "embedding size", positiveInt("--factors"), d.factors)
  .option("--iterations <n>", "ALS sweeps", positiveInt("--iterations"), d.iterations)
  .option("--alpha <x>", "confidence scale: c = 1 + alpha·w", nonNegative("--alpha"), d.alpha)
  .option("--regularization <x>", "L2 regularization λ", nonNegative("--regularization"), d.regularization)
  .option("--seed <n>", "random seed for the initial factors", positiveInt("--seed"), d.seed)
  .addOption(new Option("--solver <solver>", "per-row solver").choices(["cg", "cholesky"]).default(d.solver))
  .option("--cg-steps <n>", "conjugate-gradient steps per row", positiveInt("--cg-steps"), d.cgSteps)
  .option("--json", "print the summary as JSON")
  .parse();

interface Options {
  format: DataFormat;
  input: string;
  db: string;
  factors: number;
  iterations: number;
  alpha: number;
  regularization: number;
  seed: number;
  solver: "cg" | "cholesky";
  cgSteps: number;
  json?: boolean;
}

async function main() {
  const o = program.opts<Options>();
  const log = o.json ? () => {} : console.log;
  // A live bar on a terminal; one line per iteration in logs and pipes.
  const showBar = !o.json && process.stderr.isTTY;
  const bar = new SingleBar({
    format: "  training |{bar}| {value}/{total} iterations | {seconds}s/iteration | loss {loss}",
    hideCursor: true,
  });
  log(`Reading ${o.format} data from ${o.input} ...`);
  const result = await importAndTrain(
    o.db,
    o.format,
    o.input,
    { ...DEFAULT_TRAINING_OPTIONS, ...o },
    {
      onImported: (report) => log(report.format()),
      onStart: (info) => {
        log(`Training ALS: ${info.customers} customers × ${info.products} products, ${info.pairs} pairs, ${o.factors} factors`);
        if (showBar) bar.start(info.iterations, 0, { seconds: "-", loss: "-" });
      },
      onIteration: (it) => {
        if (showBar) bar.update(it.iteration, { seconds: it.seconds.toFixed(2), loss: it.loss.toPrecision(5) });
        else log(`  iteration ${it.iteration}/${o.iterations}  ${it.seconds.toFixed(2)} s  loss ${it.loss.toPrecision(5)}`);
      },
    },
  );
  if (showBar) bar.stop();
  const t = result.training;
  if (o.json) {
    console.log(JSON.stringify({ import: result.report, replacedInteractions: result.replaced, training: t }, null, 2));
    return;
  }
  log(
    [
      `Model ${t.modelId} written to ${o.db}`,
      `  customers      ${t.customers}`,
      `  products       ${t.products}`,
      `  interactions   ${t.interactions}${result.replaced ? ` (replaced ${result.replaced} from the previous import)` : ""}`,
      `  pairs          ${t.pairs}`,
      `  RFM segmented  ${t.segmentedCustomers} customers`,
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
