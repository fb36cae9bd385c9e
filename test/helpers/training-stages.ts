/** Where a training run can be killed, in order (see killed-training.ts). */
export const TRAINING_STAGES = ["reading", "imported", "als", "writing"] as const;

export type TrainingStage = (typeof TRAINING_STAGES)[number];

/** Each stage as a test names it. */
export const STAGE_NAMES: Record<TrainingStage, string> = {
  reading: "after reading the files, before the model file is touched",
  imported: "after the import committed",
  als: "during ALS",
  writing: "while writing the model version",
};
