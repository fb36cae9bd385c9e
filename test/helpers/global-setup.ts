/**
 * Trains the small sample shop once for the whole run (vitest.config.mts: globalSetup), so that the
 * test files that need a trained model file copy this one (trained-store.ts) instead of each
 * retraining the same shop. The model file is checkpointed into one file, so a copy of it is complete.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { TestProject } from "vitest/node";
import { generateSampleShop, writeTrioFiles } from "../../src/importers/sample-shop";
import { importAndTrain } from "../../src/training/pipeline.service";
import { FAST_TRAINING, SMALL_SHOP } from "./sample-shop-options";

/** Where the once-trained sample lives: its trio files and model.db in `dir`. */
export interface TrainedSample {
  dir: string;
  dbPath: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    trainedSample: TrainedSample;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recommender-sample-"));
  writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
  const dbPath = path.join(dir, "model.db");
  await importAndTrain(dbPath, "trio", dir, { overrides: FAST_TRAINING });
  const db = new Database(dbPath);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  project.provide("trainedSample", { dir, dbPath });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
