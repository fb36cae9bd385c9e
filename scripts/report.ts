/**
 * Writes the analyst report for a model file: an Excel workbook and/or CSV files.
 *   npm run report -- --db <model> --out report.xlsx [--csv DIR]
 */
import fs from "node:fs";
import { Command } from "commander";
import { DEFAULT_MODEL_DB } from "../src/config";
import { buildReport } from "../src/report/report.service";
import { writeCsvFiles, writeWorkbook } from "../src/report/report.writers";
import { Store } from "../src/store";

const program = new Command()
  .name("report")
  .description("Write RFM, segments, clusters, association rules, sales and master data as an Excel workbook or CSV files")
  .option("--db <file>", "model file to report on", DEFAULT_MODEL_DB)
  .option("--out <file>", "Excel workbook to write (default report.xlsx unless --csv is given)")
  .option("--csv <dir>", "also (or instead) write one CSV file per sheet into this folder")
  .parse();

async function main() {
  const o = program.opts<{ db: string; out?: string; csv?: string }>();
  if (!fs.existsSync(o.db)) throw new Error(`no model file at ${o.db}; train one with \`npm run train\``);
  const store = Store.open(o.db, { readonly: true });
  try {
    const tables = buildReport(store);
    const out = o.out ?? (o.csv ? undefined : "report.xlsx");
    if (out) {
      await writeWorkbook(tables, out);
      console.log(`Wrote ${out}: ${tables.map((t) => `${t.name} (${t.rows.length})`).join(", ")}`);
    }
    if (o.csv) {
      const files = writeCsvFiles(tables, o.csv);
      console.log(`Wrote ${files.length} CSV files to ${o.csv}`);
    }
  } finally {
    store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`report: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
