/**
 * Writes the bundled sample shop (trio format) into data/:
 *   npm run generate-sample [-- --out data --seed 20251121]
 * The output is deterministic: the same seed writes the same files.
 */
import { Command, InvalidArgumentError } from "commander";
import { SAMPLE_DIR } from "../src/config";
import { DEFAULT_SAMPLE_OPTIONS, generateSampleShop, writeTrioFiles } from "../src/importers/sample-shop";

const program = new Command()
  .name("generate-sample")
  .description("Write the deterministic sample shop in the trio format")
  .option("--out <dir>", "output folder", SAMPLE_DIR)
  .option(
    "--seed <n>",
    "random seed",
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new InvalidArgumentError("--seed must be an integer");
      return n;
    },
    DEFAULT_SAMPLE_OPTIONS.seed,
  )
  .parse();

const { out, seed } = program.opts<{ out: string; seed: number }>();
const shop = generateSampleShop({ ...DEFAULT_SAMPLE_OPTIONS, seed });
writeTrioFiles(shop, out);
const categories = new Set(shop.products.map((p) => p.category)).size;
const dates = shop.purchases.map((p) => p.purchase_date);
console.log(
  `Wrote ${shop.customers.length} customers, ${shop.products.length} products in ${categories} categories and ` +
    `${shop.purchases.length} purchases (${dates[0]} to ${dates.at(-1)}) to ${out}`,
);
