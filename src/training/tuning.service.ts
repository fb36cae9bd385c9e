/**
 * Hyperparameter search on held-out data from the training period only.
 *
 * The validation split is temporal: the last `validationFraction` of the training period's time span
 * is held out, the model is fitted on what came before, and each setting is scored by NDCG@10 on the
 * held-out purchases (new products per customer, as in evaluation). Nothing outside `base` — the
 * training period — is read, so tuning never sees a test period.
 *
 * The steps: cut the split; search the ALS space (model/als-search-space.ts) with the scheduler
 * (tuning-scheduler.ts); train the best in full; compare it with item-kNN, popularity and blends of
 * them (ranker-selection.service.ts). The best of all is served.
 */
import type { MetricSummary } from "../model/metrics";
import { createRandom } from "../model/random";
import type { InteractionFilter, Store } from "../store";
import { type AlsFactors, trainAls } from "../model/als";
import {
  alsPointOf,
  type AlsSearchPoint,
  type AlsSearchSpace,
  DEFAULT_ALS_SEARCH_SPACE,
  perturbAlsPoint,
  randomAlsPoint,
} from "../model/als-search-space";
import { threadsFor, withAlsThreads } from "../runtime/als-threads";
import { type EvaluationSet, evaluateModels, fittedAls } from "./evaluation.service";
import { type RankerResult, selectRanker } from "./ranker-selection.service";
import { keepUnlessClearlyBetter, type TuningEvidence } from "./tuning-evidence";
import type { TrainingOptions } from "./training.service";
import { cutValidationSplit, type ValidationSplit } from "./validation-split";
import { type Clock, PERFORMANCE_CLOCK, runSearch, type Trial as SearchTrial, type TrialRunner } from "./tuning-scheduler";
import { scoringWork, sweepWork, WorkClock } from "./tuning-work";

/** The settings tuning chooses; everything else in TrainingOptions is kept as given. */
export type TunedSettings = AlsSearchPoint;

export interface TuningOptions {
  trials: number;
  seed: number;
  /** Share of the training period's time span held out for validation, where it has times enough. */
  validationFraction: number;
  /** Share of each customer's products held out at random for validation, where it has not (validation-split.ts). */
  holdoutFraction: number;
  /** ALS sweeps per trial (fewer than a full training run to keep the search affordable). */
  searchIterations: number;
  factorChoices: readonly number[];
  halfLifeChoices: readonly number[];
  /**
   * The work tuning may do, in seconds of the reference machine class (tuning-work.ts), or null for
   * all `trials` (see SearchSchedule.budgetSeconds). The same data and seed choose the same settings
   * however busy the machine, unless the wall clock passes its outer limit (wallLimitSeconds).
   */
  budgetSeconds: number | null;
}

export const DEFAULT_TUNING_OPTIONS: TuningOptions = {
  trials: 24,
  seed: 7,
  validationFraction: 0.1,
  holdoutFraction: 0.2,
  searchIterations: 8,
  factorChoices: DEFAULT_ALS_SEARCH_SPACE.factorChoices,
  halfLifeChoices: DEFAULT_ALS_SEARCH_SPACE.halfLifeChoices,
  budgetSeconds: null,
};

export type Trial = SearchTrial<TunedSettings>;

export interface TuningResult {
  /** The best ALS settings and the ranker to serve (ALS, item-kNN, popularity or a blend). */
  best: TunedSettings & Pick<TrainingOptions, "ranker">;
  /** The served ranker's validation metrics at k = 10 and 20. */
  validation: MetricSummary[];
  /** Every ranker compared on the validation split with the best ALS settings, best first. */
  rankers: RankerResult[];
  /** Whether the best found beat the settings tuning started from clearly enough to be served (else those are). */
  evidence: TuningEvidence;
  /** What the settings were scored on. */
  split: ValidationSplit;
  trials: Trial[];
}

export interface TuningProgress {
  onSplit?(info: { split: ValidationSplit; customers: number; products: number; scored: number }): void;
  /** After each scoring of a setting; `best` is the best fully trained so far (null before the first). */
  onTrial?(trial: Trial, index: number, total: number, best: Trial | null): void;
}

/**
 * The search space the options describe: the default one with their factor and half-life choices;
 * without times to weigh by, no half-life.
 */
function spaceOf(options: TuningOptions, dated: boolean): AlsSearchSpace {
  return { ...DEFAULT_ALS_SEARCH_SPACE, factorChoices: options.factorChoices, halfLifeChoices: dated ? options.halfLifeChoices : [0] };
}

/**
 * Trains a setting on the split's training part with warm starts, and scores it on its validation
 * part, charging `work` what each costs (tuning-work.ts).
 */
function alsRunner(set: EvaluationSet, settings: TrainingOptions, work: WorkClock): TrialRunner<TunedSettings, AlsFactors> {
  return {
    train(point, sweeps, state) {
      const full = { ...settings, ...point };
      const train = set.trainWith(full);
      const more = { ...full, iterations: sweeps, computeLoss: false };
      const model = withAlsThreads(threadsFor(settings.threads, train.indices.length, more), (runtime) =>
        trainAls(train, more, undefined, runtime, state),
      );
      work.charge(sweeps * sweepWork(train, point.factors));
      return model;
    },
    score(state) {
      const ndcg = evaluateModels(set, [fittedAls(state)], [10])[0].metrics[0].ndcg;
      work.charge(scoringWork(set.testUsers.length, set.products.size, state.factors));
      return ndcg;
    },
  };
}

export { validationCutoff } from "./validation-split";

export function tune(
  store: Store,
  base: InteractionFilter,
  settings: TrainingOptions,
  options: TuningOptions = DEFAULT_TUNING_OPTIONS,
  progress: TuningProgress = {},
  wall: Clock = PERFORMANCE_CLOCK,
): TuningResult {
  // The budget is work (tuning-work.ts), counted from here; the wall clock is an outer limit only.
  const clock = new WorkClock(wall, options.budgetSeconds);
  const startedAt = clock.now();
  // The split is defined by plain order counts; each trial weights the same training period its own way.
  const { split, set, dated } = cutValidationSplit(store, base, { ...settings, recencyHalfLifeDays: 0 }, options);
  progress.onSplit?.({ split, customers: set.customers.size, products: set.products.size, scored: set.testUsers.length });

  const random = createRandom(options.seed);
  const space = spaceOf(options, dated);
  const weightsFor = (p: TunedSettings) => set.trainWith({ ...settings, ...p });
  const runner = alsRunner(set, settings, clock);
  const search = runSearch(
    {
      trials: options.trials,
      searchIterations: options.searchIterations,
      finalSweeps: Math.max(0, settings.iterations - options.searchIterations),
      budgetSeconds: options.budgetSeconds,
      startedAt,
    },
    {
      first: alsPointOf(settings),
      random: () => randomAlsPoint(random, space, weightsFor),
      perturb: (p) => perturbAlsPoint(random, space, p),
    },
    runner,
    clock,
    (trial, index, total, best) => progress.onTrial?.(trial, index, total, best),
  );
  // The best ALS settings trained in full (continuing from where its search sweeps stopped), then
  // compared with item-kNN, popularity and blends of them.
  const winner = search.best.settings;
  const full = { ...settings, ...winner };
  const model = runner.train(winner, Math.max(0, settings.iterations - options.searchIterations), search.bestState);
  const selection = selectRanker(set, model, full);
  const found = { settings: { ...winner, ranker: selection.best.ranker }, validation: selection.validation };
  const kept = keepUnlessClearlyBetter(set, settings, selection.best.customerNdcg10);
  const served = kept.evidence.clearlyBetter ? found : kept.starting;
  return {
    best: served.settings,
    validation: served.validation,
    rankers: selection.results,
    evidence: kept.evidence,
    split,
    trials: search.trials,
  };
}
