import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { generateSampleShop, type SampleShopOptions, writeTrioFiles } from "../../src/importers/sample-shop";
import { importAndTrain } from "../../src/training/pipeline.service";
import type { TrainingOptions } from "../../src/training/training.service";
import { tempDir } from "./paths";
import { FAST_TRAINING, SMALL_SHOP } from "./sample-shop-options";

export { FAST_TRAINING, SMALL_SHOP } from "./sample-shop-options";

/**
 * A trained model file of a generated shop, in a fresh temp folder with the shop's trio files beside
 * it. The small sample with the fast settings (the default) is a copy of the one trained once for the
 * run (global-setup.ts); other shops or settings are trained here.
 */
export async function trainedModelFile(options: SampleShopOptions = SMALL_SHOP, training: TrainingOptions = FAST_TRAINING) {
  if (options !== SMALL_SHOP || training !== FAST_TRAINING) {
    const { dir, dbPath, shop } = await trainModelFile(options, training);
    return { dir, dbPath, shop };
  }
  const sample = inject("trainedSample");
  const dir = tempDir();
  for (const name of fs.readdirSync(sample.dir)) fs.copyFileSync(path.join(sample.dir, name), path.join(dir, name));
  return { dir, dbPath: path.join(dir, path.basename(sample.dbPath)), shop: generateSampleShop(options) };
}

/** Writes a generated shop to a temp folder and trains a model file from it now; returns both paths and what training reported. */
export async function trainModelFile(options: SampleShopOptions = SMALL_SHOP, training: TrainingOptions = FAST_TRAINING) {
  const dir = tempDir();
  const shop = generateSampleShop(options);
  writeTrioFiles(shop, dir);
  const dbPath = path.join(dir, "model.db");
  const result = await importAndTrain(dbPath, "trio", dir, { overrides: training });
  return { dir, dbPath, shop, result };
}
