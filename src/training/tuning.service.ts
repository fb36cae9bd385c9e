/**
 * Hyperparameter search on held-out data from the training period only.
 *
 * The validation split is temporal: the last `validationFraction` of the training period's time span
 * is held out, the model is fitted on what came before, and each setting is scored by NDCG@10 on the
 * held-out purchases (new products per customer, as in evaluation). Nothing outside `base` — the
 * training period — is read, so tuning never sees a test period.
 *
 * The search is seeded random search: the current defaults first, then random settings, then
 * perturbations of the best so far, with successive halving. The best ALS is then compared with
 * item-kNN, popularity and blends of them (ranker-selection.service.ts), and the best of all is served.
 */
import { confidenceOf } from "../model/confidence";
import type { MetricSummary } from "../model/metrics";
import { createRandom } from "../model/random";
import type { InteractionFilter, Store } from "../store";
import type { Csr } from "../model/csr";
import { type AlsFactors, trainAls } from "../model/als";
import { threadsFor, withAlsThreads } from "../runtime/als-threads";
import { buildEvaluationSet, evaluateModels, fittedAls } from "./evaluation.service";
import { type RankerResult, selectRanker } from "./ranker-selection.service";
import type { TrainingOptions } from "./training.service";
import { DAY_MS } from "../domain/time";

/** The settings tuning chooses; everything else in TrainingOptions is kept as given. */
export type TunedSettings = Pick<
  TrainingOptions,
  "factors" | "alpha" | "scaling" | "epsilon" | "regularization" | "regularizationExponent" | "recencyHalfLifeDays"
>;

export interface TuningOptions {
  trials: number;
  seed: number;
  /** Share of the training period's time span held out for validation. */
  validationFraction: number;
  /** ALS sweeps per trial (fewer than a full training run to keep the search affordable). */
  searchIterations: number;
  factorChoices: readonly number[];
  halfLifeChoices: readonly number[];
  /**
   * Wall-clock seconds tuning may take, or null for all `trials`: random settings start in its first
   * third, perturbations of the best by two thirds, and a setting continues past its first sweeps
   * only when those sweeps' time says it will finish in time (see `round`), always leaving what the
   * search measured the end to need (training the best in full, comparing rankers). The current
   * setting and two random ones are always tried.
   * With a budget, how many settings are tried depends on the machine.
   */
  budgetSeconds: number | null;
}

export const DEFAULT_TUNING_OPTIONS: TuningOptions = {
  trials: 24,
  seed: 7,
  validationFraction: 0.1,
  searchIterations: 8,
  factorChoices: [32, 64, 128],
  halfLifeChoices: [0, 30, 60, 120, 240],
  budgetSeconds: null,
};

/** Settings tried at the least, whatever the budget: the current ones and two random ones. */
const MIN_SETTINGS = 3;

export interface Trial {
  settings: TunedSettings;
  /** NDCG@10 on the validation split after `sweeps` ALS sweeps. */
  ndcg: number;
  /** The sweeps it was trained for: the search's full count, or fewer when halving dropped it early. */
  sweeps: number;
  seconds: number;
}

export interface TuningResult {
  /** The best ALS settings and the ranker to serve (ALS, item-kNN, popularity or a blend). */
  best: TunedSettings & Pick<TrainingOptions, "ranker">;
  /** The served ranker's validation metrics at k = 10 and 20. */
  validation: MetricSummary[];
  /** Every ranker compared on the validation split with the best ALS settings, best first. */
  rankers: RankerResult[];
  validationCutoff: number;
  trials: Trial[];
}

export interface TuningProgress {
  onSplit?(info: { cutoff: number; customers: number; products: number; scored: number }): void;
  /** After each scoring of a setting; `best` is the best fully trained so far (null before the first). */
  onTrial?(trial: Trial, index: number, total: number, best: Trial | null): void;
}

/** The start of the validation window: the last `fraction` of the span, at a day boundary. */
export function validationCutoff(span: { first: number; last: number }, fraction: number): number {
  const raw = span.last - (span.last - span.first) * fraction;
  return Math.ceil(raw / DAY_MS) * DAY_MS;
}

function logUniform(random: () => number, low: number, high: number): number {
  return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
}

function pick<T>(random: () => number, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)];
}

/**
 * The mean row confidence mass Σ_i c_ui of a weight matrix. The ridge is searched as the ratio
 * r = λ₀/α of the ridge an average row sees to the confidence scale (what matters is their balance),
 * and stored as λ = α·r / mass^ν, so that plain (ν = 0) and frequency-scaled (ν = 1) regularization are
 * searched on one scale.
 */
function meanRowMass(train: Csr, s: TunedSettings): number {
  let total = 0;
  for (let p = 0; p < train.data.length; p++) total += confidenceOf(train.data[p], s) - 1;
  return train.cols + total / Math.max(1, train.rows);
}

export function tune(
  store: Store,
  base: InteractionFilter,
  settings: TrainingOptions,
  options: TuningOptions = DEFAULT_TUNING_OPTIONS,
  progress: TuningProgress = {},
): TuningResult {
  // The budget counts from here: cutting the validation split is part of it.
  const tuningStarted = performance.now();
  const span = store.interactions.timeSpan(base);
  if (!span) throw new Error("tuning needs interactions with times");
  const cutoff = validationCutoff(span, options.validationFraction);
  const protocol = { kind: "temporal", cutoff } as const;
  // The split is defined by plain order counts; each trial weights the same training period its own way.
  const set = buildEvaluationSet(store, protocol, { ...settings, recencyHalfLifeDays: 0 }, base);
  if (set.testUsers.length === 0)
    throw new Error("the validation window holds no new purchases by known customers; tuning needs more history");
  progress.onSplit?.({ cutoff, customers: set.customers.size, products: set.products.size, scored: set.testUsers.length });

  const random = createRandom(options.seed);
  const randomSettings = (): TunedSettings => {
    const s: TunedSettings = {
      factors: pick(random, options.factorChoices),
      scaling: pick(random, ["linear", "log"] as const),
      alpha: logUniform(random, 1, 50),
      epsilon: 1,
      regularization: 0,
      regularizationExponent: pick(random, [0, 1]),
      recencyHalfLifeDays: pick(random, options.halfLifeChoices),
    };
    const ratio = logUniform(random, 0.3, 30);
    s.regularization = (s.alpha * ratio) / meanRowMass(set.trainWith({ ...settings, ...s }), s) ** s.regularizationExponent;
    return s;
  };
  const perturb = (s: TunedSettings): TunedSettings => {
    const next = { ...s };
    switch (Math.floor(random() * 4)) {
      case 0:
        next.alpha = s.alpha * (random() < 0.5 ? 0.5 : 2);
        break;
      case 1:
        next.regularization = s.regularization * (random() < 0.5 ? 0.5 : 2);
        break;
      case 2:
        next.recencyHalfLifeDays = pick(random, options.halfLifeChoices);
        break;
      default:
        next.factors = pick(random, options.factorChoices);
    }
    return next;
  };

  // Successive halving with warm starts: every candidate trains a few sweeps and is scored; the best
  // third continues from where it stopped to the full search sweeps and is scored again.
  const rung = Math.min(options.searchIterations, Math.max(2, Math.round(options.searchIterations / 3)));
  const trials: Trial[] = [];
  let best: Trial | undefined;
  let bestState: AlsFactors | undefined;
  let scorings = 0;
  /** The last scoring of the validation split (the first ones also compile it), and each trial's seconds per ALS sweep. */
  let scoringSeconds = 0;
  const sweepSeconds = new Map<Trial, number>();
  const plannedScorings = options.trials + (rung < options.searchIterations ? Math.ceil(options.trials / 3) + 1 : 0);
  const scoreAt = (trial: Trial, sweeps: number, state: AlsFactors | undefined): AlsFactors => {
    const started = performance.now();
    const full = { ...settings, ...trial.settings };
    const train = set.trainWith(full);
    const more = { ...full, iterations: sweeps - trial.sweeps, computeLoss: false };
    const model = withAlsThreads(threadsFor(settings.threads, train.indices.length, more), (runtime) =>
      trainAls(train, more, undefined, runtime, state),
    );
    const trained = performance.now();
    const [result] = evaluateModels(set, [fittedAls(model)], [10]);
    scoringSeconds = (performance.now() - trained) / 1000;
    sweepSeconds.set(trial, (trained - started) / 1000 / Math.max(1, sweeps - trial.sweeps));
    trial.ndcg = result.metrics[0].ndcg;
    trial.sweeps = sweeps;
    trial.seconds += (performance.now() - started) / 1000;
    if (sweeps === options.searchIterations && (!best || trial.ndcg > best.ndcg)) {
      best = trial;
      bestState = model;
    }
    progress.onTrial?.(trial, ++scorings, plannedScorings, best ?? null);
    return model;
  };
  const spent = () => (performance.now() - tuningStarted) / 1000;
  const budget = options.budgetSeconds ?? Infinity;
  /**
   * What the end of tuning will take, from what the search measured: the best setting's remaining
   * sweeps at its pace, and comparing rankers (two item-kNN fits and 27 rankers scored: measured at
   * 6–10 times one scoring of the validation split on Online Retail).
   */
  const reserve = () =>
    best === undefined ? 0 : sweepSeconds.get(best)! * Math.max(0, settings.iterations - options.searchIterations) + 10 * scoringSeconds;
  /**
   * One round of halving. New settings start until `startBy` seconds are spent, or the end of tuning
   * would no longer fit (the first three settings of the search always do); survivors continue, best
   * first, while the time their first sweeps took says they will finish by `finishBy` and leave the
   * end its time (the best one always does).
   */
  const round = (candidates: readonly TunedSettings[], startBy: number, finishBy: number) => {
    const contenders: { trial: Trial; state: AlsFactors }[] = [];
    for (const candidate of candidates) {
      if (trials.length >= MIN_SETTINGS && (spent() > startBy || spent() + reserve() > budget)) break;
      tried.add(JSON.stringify(candidate));
      const trial: Trial = { settings: candidate, ndcg: 0, sweeps: 0, seconds: 0 };
      trials.push(trial);
      contenders.push({ trial, state: scoreAt(trial, rung, undefined) });
    }
    if (rung === options.searchIterations) return;
    const survivors = [...contenders].sort((x, y) => y.trial.ndcg - x.trial.ndcg).slice(0, Math.ceil(contenders.length / 3));
    survivors.forEach(({ trial, state }, rank) => {
      const estimate = (trial.seconds * (options.searchIterations - rung)) / rung;
      if (rank > 0 && (spent() + estimate > finishBy || spent() + estimate + reserve() > budget)) return;
      scoreAt(trial, options.searchIterations, state);
    });
  };

  const current: TunedSettings = {
    factors: settings.factors,
    alpha: settings.alpha,
    scaling: settings.scaling,
    epsilon: settings.epsilon,
    regularization: settings.regularization,
    regularizationExponent: settings.regularizationExponent,
    recencyHalfLifeDays: settings.recencyHalfLifeDays,
  };
  const randomTrials = Math.min(options.trials, Math.ceil((options.trials * 2) / 3));
  const tried = new Set<string>();
  // The budget: random settings start in its first third and finish by half of it; perturbations of
  // the best start by two thirds; whatever starts must leave the end of tuning its measured time.
  round([current, ...Array.from({ length: randomTrials - 1 }, randomSettings)], budget / 3, budget / 2);
  const perturbations: TunedSettings[] = [];
  for (let t = randomTrials; t < options.trials; t++) {
    // A perturbation not tried yet; after a few misses, a fresh random setting.
    let candidate: TunedSettings | undefined;
    for (let attempt = 0; attempt < 10 && !candidate; attempt++) {
      const perturbed = perturb(best!.settings);
      const key = JSON.stringify(perturbed);
      if (!tried.has(key) && !perturbations.some((p) => JSON.stringify(p) === key)) candidate = perturbed;
    }
    perturbations.push(candidate ?? randomSettings());
  }
  if (perturbations.length > 0 && spent() < (budget * 2) / 3) round(perturbations, (budget * 2) / 3, budget);
  // The best ALS settings trained in full, then compared with item-kNN, popularity and blends of them.
  // (continuing from where its search sweeps stopped).
  const winner = best!.settings;
  const full = { ...settings, ...winner };
  const train = set.trainWith(full);
  const rest = { ...full, iterations: Math.max(0, settings.iterations - options.searchIterations), computeLoss: false };
  const model = withAlsThreads(threadsFor(settings.threads, train.indices.length, rest), (runtime) =>
    trainAls(train, rest, undefined, runtime, bestState),
  );
  const selection = selectRanker(set, model, full);
  return {
    best: { ...winner, ranker: selection.best.ranker },
    validation: selection.validation,
    rankers: selection.results,
    validationCutoff: cutoff,
    trials,
  };
}
