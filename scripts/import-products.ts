/**
 * Imports a products CSV into a model file's catalogue, without training:
 *   npm run import-products -- --input products.csv --db shop.db
 * Columns: product_id (required), name, category, price, rating, currency, image_url, url, available.
 */
import { Command } from "commander";
import { DEFAULT_MODEL_DB } from "../src/config";
import { importProductsFile } from "../src/training/import.service";
import { Store } from "../src/store";

const program = new Command()
  .name("import-products")
  .description("Add or update products in a model file's catalogue from a CSV (fields set through the API keep their values)")
  .requiredOption(
    "--input <file>",
    "products CSV: product_id, and optionally name, category, price, rating, currency, image_url, url, available",
  )
  .option("--db <file>", "model file (SQLite)", DEFAULT_MODEL_DB)
  .option("--json", "print the import report as JSON")
  .parse();

const o = program.opts<{ input: string; db: string; json?: boolean }>();
try {
  const store = Store.open(o.db);
  try {
    const { report } = importProductsFile(store, o.input);
    if (o.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`Products from ${o.input} written to ${o.db}\n${report.format()}`);
  } finally {
    store.close();
  }
} catch (error) {
  console.error(`import-products: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
