/** The offline pipeline: read a dataset, load it into a model file, choose settings, train a model version. */
import { type DataFormat, type ImportReport, readDataset } from "../importers";
import type { BoundsOptions } from "../domain/interaction-bounds";
import { type ImportChange, Store, type StoredTuning } from "../store";
import { loadIntoStore } from "./import.service";
import {
  DEFAULT_TRAINING_OPTIONS,
  trainFromStore,
  type TrainingOptions,
  type TrainingProgress,
  type TrainingSummary,
} from "./training.service";
import { DEFAULT_TUNING_OPTIONS, tune, type TuningOptions, type TuningProgress } from "./tuning.service";

export interface PipelineResult {
  report: ImportReport;
  /** What the import changed in the model file. */
  loaded: ImportChange;
  settings: TrainingOptions;
  /** The tuning whose settings were used, if any. */
  tuning: StoredTuning | null;
  /** Why the settings were not tuned; null when they were. */
  untunedReason: string | null;
  training: TrainingSummary;
}

export interface PipelineProgress extends TrainingProgress, TuningProgress {
  onImported?(report: ImportReport): void;
  /** The import is committed to the model file (training has not started). */
  onLoaded?(change: ImportChange): void;
  onTuningStart?(): void;
  /** Tuning was not asked for and could not run on this data; training goes on with the stored or default settings. */
  onTuningSkipped?(reason: string): void;
}

export interface TrainRequest {
  /** Settings given explicitly; they win over stored tuned settings and the defaults. */
  overrides?: Partial<TrainingOptions>;
  /**
   * Tune first (on a validation split cut from the data) and store the result in the file: true,
   * false, or by default when no setting tuning chooses was given (then a shop whose data cannot be
   * tuned, e.g. without times, trains with the stored or default settings instead).
   */
  tune?: boolean;
  tuning?: TuningOptions;
  /** The earliest interaction time the import accepts (by default DEFAULT_EARLIEST_DATE). */
  bounds?: BoundsOptions;
}

/** How `npm run train` tunes when nobody asked: the usual search within a budget of 30 seconds (what it takes on Online Retail: docs/evaluation.md). */
export const DEFAULT_TRAIN_TUNING: TuningOptions = { ...DEFAULT_TUNING_OPTIONS, budgetSeconds: 30 };

/** The settings tuning chooses: giving any of them explicitly means the caller has chosen. */
const TUNED_KEYS = [
  "factors",
  "alpha",
  "scaling",
  "epsilon",
  "regularization",
  "regularizationExponent",
  "recencyHalfLifeDays",
  "countWeighting",
] as const;

/** Whether a training run tunes first: as asked, or by default unless settings that tuning chooses were given. */
export function tunesFirst(request: TrainRequest): boolean {
  return request.tune ?? !TUNED_KEYS.some((key) => request.overrides?.[key] !== undefined);
}

/**
 * The settings a training run uses: the defaults, then the latest tuned settings stored in the file,
 * then explicit overrides. `tuning` is the tuning record those settings carry, or null when there is
 * none or an override changed a tuned setting (its validation figures would no longer apply).
 */
export function resolveSettings(
  store: Store,
  overrides: Partial<TrainingOptions> = {},
): { settings: TrainingOptions; tuning: StoredTuning | null } {
  const stored = store.tunings.latest();
  const tuned: Partial<TrainingOptions> = stored?.settings ?? {};
  const settings = { ...DEFAULT_TRAINING_OPTIONS, ...tuned, ...overrides };
  const overridden = Object.keys(tuned).some(
    (key) => key in overrides && overrides[key as keyof TrainingOptions] !== tuned[key as keyof TrainingOptions],
  );
  return { settings, tuning: stored && !overridden ? stored : null };
}

/** Tunes on all of the store's data and records the chosen settings in it. */
function tuneAndStore(
  store: Store,
  overrides: Partial<TrainingOptions> = {},
  options: TuningOptions = DEFAULT_TUNING_OPTIONS,
  progress: TuningProgress = {},
): StoredTuning {
  const { settings } = resolveSettings(store, overrides);
  const result = tune(store, {}, settings, options, progress);
  const details = {
    split: result.split.kind,
    validationCutoff: result.split.kind === "temporal" ? new Date(result.split.cutoff).toISOString() : null,
    validationFraction: result.split.kind === "temporal" ? options.validationFraction : options.holdoutFraction,
    trials: result.trials.map((t) => ({ ...t.settings, ndcg10: t.ndcg, sweeps: t.sweeps })),
    rankers: result.rankers.map((r) => ({ name: r.name, ndcg10: r.ndcg10 })),
    evidence: result.evidence,
  };
  store.tunings.save({ ...result.best }, result.validation, details);
  return store.tunings.latest()!;
}

/** Reads a dataset into a throwaway in-memory store, for evaluation and tuning. */
export async function openDatasetInMemory(
  format: DataFormat,
  input: string,
  bounds: BoundsOptions = {},
): Promise<{ store: Store; report: ImportReport }> {
  const data = await readDataset(format, input, bounds);
  if (data.interactions.length === 0) throw new Error(`${format}: ${input} yielded no interactions; nothing to evaluate`);
  const store = Store.open(":memory:");
  loadIntoStore(store, data);
  return { store, report: data.report };
}

export async function importAndTrain(
  dbPath: string,
  format: DataFormat,
  input: string,
  request: TrainRequest = {},
  progress: PipelineProgress = {},
): Promise<PipelineResult> {
  // Read and check the whole input before the model file is touched.
  const data = await readDataset(format, input, request.bounds);
  progress.onImported?.(data.report);
  if (data.interactions.length === 0) {
    throw new Error(`${format}: ${input} yielded no interactions (${data.report.skippedTotal} rows not used); nothing to train on`);
  }
  const store = Store.open(dbPath);
  try {
    const loaded = loadIntoStore(store, data);
    progress.onLoaded?.(loaded);
    let untunedReason = request.tune === false ? "not asked for (--no-tune)" : "a setting that tuning chooses was given";
    if (tunesFirst(request)) {
      progress.onTuningStart?.();
      try {
        tuneAndStore(store, request.overrides, request.tuning ?? DEFAULT_TRAIN_TUNING, progress);
      } catch (error) {
        if (request.tune) throw error;
        untunedReason = (error as Error).message;
        progress.onTuningSkipped?.(untunedReason);
      }
    }
    const { settings, tuning } = resolveSettings(store, request.overrides);
    const training = trainFromStore(store, { ...settings, source: { format, input } }, progress, tuning, untunedReason);
    return { report: data.report, loaded, settings, tuning, untunedReason: tuning ? null : untunedReason, training };
  } finally {
    store.close();
  }
}
