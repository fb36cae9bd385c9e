import path from "node:path";
import { DEFAULT_SAMPLE_OPTIONS, generateSampleShop, type SampleShopOptions, writeTrioFiles } from "../../src/importers/sample-shop";
import { importAndTrain } from "../../src/training/pipeline.service";
import { DEFAULT_TRAINING_OPTIONS, type TrainingOptions } from "../../src/training/training.service";
import { tempDir } from "./paths";

/** A small shop from the sample generator: 400 customers (20 only browse), 80 products, 4 taste groups. */
export const SMALL_SHOP: SampleShopOptions = {
  ...DEFAULT_SAMPLE_OPTIONS,
  seed: 11,
  customers: 400,
  browsers: 20,
  productsPerCategory: 8,
  tasteGroups: 4,
};

export const FAST_TRAINING: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, factors: 16, iterations: 8 };

/** Writes a generated shop to a temp folder, trains a model file from it, and returns both paths. */
export async function trainedModelFile(options: SampleShopOptions = SMALL_SHOP, training: TrainingOptions = FAST_TRAINING) {
  const dir = tempDir();
  const shop = generateSampleShop(options);
  writeTrioFiles(shop, dir);
  const dbPath = path.join(dir, "model.db");
  const result = await importAndTrain(dbPath, "trio", dir, { overrides: training });
  return { dir, dbPath, shop, result };
}
