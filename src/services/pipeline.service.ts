/** The offline pipeline: read a dataset, load it into a model file, train a model version. */
import { type DataFormat, type ImportReport, readDataset } from "../data";
import { Store } from "../store";
import { loadIntoStore } from "./import.service";
import { trainFromStore, type TrainingOptions, type TrainingProgress, type TrainingSummary } from "./training.service";

export interface PipelineResult {
  report: ImportReport;
  replaced: number;
  training: TrainingSummary;
}

export interface PipelineProgress extends TrainingProgress {
  onImported?(report: ImportReport): void;
}

export async function importAndTrain(
  dbPath: string,
  format: DataFormat,
  input: string,
  options: TrainingOptions,
  progress: PipelineProgress = {},
): Promise<PipelineResult> {
  // Read and check the whole input before the model file is touched.
  const data = await readDataset(format, input);
  progress.onImported?.(data.report);
  if (data.interactions.length === 0) {
    throw new Error(`${format}: ${input} yielded no interactions (${data.report.skippedTotal} rows not used); nothing to train on`);
  }
  const store = Store.open(dbPath);
  try {
    const { replaced } = loadIntoStore(store, data);
    const training = trainFromStore(store, { ...options, source: { format, input } }, progress);
    return { report: data.report, replaced, training };
  } finally {
    store.close();
  }
}
