import { DEFAULT_SAMPLE_OPTIONS, type SampleShopOptions } from "../../src/importers/sample-shop";
import { DEFAULT_TRAINING_OPTIONS, type TrainingOptions } from "../../src/training/training.service";

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
