/**
 * When tuning tries which settings, within a budget: seeded random search (the current settings first,
 * then random ones, then perturbations of the best), with successive halving and warm starts. The
 * scheduler knows nothing of ALS: it is given the candidates, a runner that trains and scores them,
 * and a clock, so its budget behaviour is tested with a clock the test moves.
 */

/** Seconds since some fixed origin. */
export interface Clock {
  now(): number;
}

export const PERFORMANCE_CLOCK: Clock = { now: () => performance.now() / 1000 };

export interface SearchSchedule {
  /** Settings to try when the budget allows: two thirds random (the current ones first), then perturbations. */
  trials: number;
  /** Sweeps a setting that survives halving is trained for. */
  searchIterations: number;
  /** Sweeps the winner is trained for after the search (counted in the reserve the end needs). */
  finalSweeps: number;
  /**
   * Seconds the search and its end may take, or null for all `trials`: random settings start in its
   * first third and finish by half of it, perturbations of the best start by two thirds, and a setting
   * continues past its first sweeps only when those sweeps' time says it will finish in time, always
   * leaving what the search measured the end to need. The first MIN_SETTINGS settings always run.
   */
  budgetSeconds: number | null;
  /** Where the budget counts from (clock seconds); by default when the search starts. */
  startedAt?: number;
}

/** Settings tried at the least, whatever the budget: the current ones and two random ones. */
export const MIN_SETTINGS = 3;

/**
 * What the end of tuning takes besides training the winner in full, in scorings of the validation
 * split: two item-kNN fits and 27 rankers scored, measured at 6–10 scorings on Online Retail.
 */
export const END_SCORINGS = 10;

export interface Candidates<P> {
  first: P;
  random(): P;
  perturb(p: P): P;
}

export interface TrialRunner<P, S> {
  /** Trains `point` for `sweeps` more sweeps, from `state` when given (a warm start). */
  train(point: P, sweeps: number, state: S | undefined): S;
  /** The validation NDCG@10 of a trained state. */
  score(state: S): number;
}

export interface Trial<P> {
  settings: P;
  /** NDCG@10 on the validation split after `sweeps` sweeps. */
  ndcg: number;
  /** The sweeps it was trained for: the search's full count, or fewer when halving dropped it early. */
  sweeps: number;
  seconds: number;
}

export interface SearchOutcome<P, S> {
  trials: Trial<P>[];
  /** The best of the settings trained for the full search sweeps, and its trained state. */
  best: Trial<P>;
  bestState: S;
}

/** Called after each scoring; `best` is the best fully trained so far (null before the first). */
export type OnTrial<P> = (trial: Trial<P>, index: number, total: number, best: Trial<P> | null) => void;

/** The first sweeps every candidate gets before halving: a third of the search sweeps, at least 2. */
export function rungOf(searchIterations: number): number {
  return Math.min(searchIterations, Math.max(2, Math.round(searchIterations / 3)));
}

export function runSearch<P, S>(
  schedule: SearchSchedule,
  candidates: Candidates<P>,
  runner: TrialRunner<P, S>,
  clock: Clock = PERFORMANCE_CLOCK,
  onTrial?: OnTrial<P>,
): SearchOutcome<P, S> {
  const started = schedule.startedAt ?? clock.now();
  const full = schedule.searchIterations;
  const rung = rungOf(full);
  const budget = schedule.budgetSeconds ?? Infinity;
  const spent = () => clock.now() - started;
  const trials: Trial<P>[] = [];
  const sweepSeconds = new Map<Trial<P>, number>();
  /** Each trial's NDCG@10 after its first sweeps (the rung): the figure every trial has. */
  const rungScores = new Map<Trial<P>, number>();
  let best: { trial: Trial<P>; state: S } | undefined;
  let scoringSeconds = 0;
  /** The latest first run's seconds (its sweeps and scoring) and pace per sweep: what the next start will take. */
  let firstRunSeconds = 0;
  let pace = 0;
  let scorings = 0;
  const plannedScorings = schedule.trials + (rung < full ? Math.ceil(schedule.trials / 3) + 1 : 0);

  const scoreAt = (trial: Trial<P>, sweeps: number, from: S | undefined): S => {
    const t0 = clock.now();
    const state = runner.train(trial.settings, sweeps - trial.sweeps, from);
    const t1 = clock.now();
    trial.ndcg = runner.score(state);
    const t2 = clock.now();
    scoringSeconds = t2 - t1;
    pace = (t1 - t0) / Math.max(1, sweeps - trial.sweeps);
    sweepSeconds.set(trial, pace);
    if (trial.sweeps === 0) firstRunSeconds = t2 - t0;
    if (sweeps === rung) rungScores.set(trial, trial.ndcg);
    trial.sweeps = sweeps;
    trial.seconds += t2 - t0;
    if (sweeps === full && (!best || trial.ndcg > best.trial.ndcg)) best = { trial, state };
    onTrial?.(trial, ++scorings, plannedScorings, best?.trial ?? null);
    return state;
  };
  /** What a survivor's remaining search sweeps and its scoring will take, at its pace. */
  const continuation = (trial: Trial<P>) => sweepSeconds.get(trial)! * (full - trial.sweeps) + scoringSeconds;
  /**
   * What the end will take, from what the search measured: the winner's remaining sweeps at its pace
   * and comparing rankers; before any setting is trained in full, also the continuation the first
   * round's best will get, at the latest pace.
   */
  const reserve = () => {
    const end = (perSweep: number) => perSweep * schedule.finalSweeps + END_SCORINGS * scoringSeconds;
    if (best) return end(sweepSeconds.get(best.trial)!);
    return end(pace) + (rung < full ? pace * (full - rung) + scoringSeconds : 0);
  };

  const tried = new Set<string>();
  /**
   * One round of halving. New settings start until `startBy` seconds are spent, or their first sweeps
   * and the end would no longer fit (the first MIN_SETTINGS always do); survivors continue, best first,
   * while the pace of their first sweeps says they will finish by `finishBy` and leave the end its time
   * (until one setting is trained in full, the best survivor continues whatever the time). With
   * `keepRoom`, new settings start only while the round keeps room to continue the best of them, and
   * it continues whatever the time when its first sweeps scored better than the best's did (the room
   * is an estimate; settings of other sizes take other times): the last round's starts, perturbations
   * of the best, are worth nothing unless the one that measures better at equal sweeps can be trained
   * in full to be compared with it. (On Online Retail without dates, such a setting was left at its
   * first sweeps, and served the next month 8% worse.)
   */
  const round = (points: readonly P[], startBy: number, finishBy: number, keepRoom = false) => {
    const contenders: { trial: Trial<P>; state: S }[] = [];
    // One continuation, at the pace of the best so far (perturbations are of it) or else the latest.
    const room = () => (keepRoom ? (best ? sweepSeconds.get(best.trial)! : pace) * (full - rung) + scoringSeconds : 0);
    for (const point of points) {
      if (trials.length >= MIN_SETTINGS && (spent() > startBy || spent() + firstRunSeconds + reserve() + room() > budget)) break;
      tried.add(JSON.stringify(point));
      const trial: Trial<P> = { settings: point, ndcg: 0, sweeps: 0, seconds: 0 };
      trials.push(trial);
      contenders.push({ trial, state: scoreAt(trial, rung, undefined) });
    }
    if (rung === full) return;
    const survivors = [...contenders].sort((x, y) => y.trial.ndcg - x.trial.ndcg).slice(0, Math.ceil(contenders.length / 3));
    survivors.forEach(({ trial, state }, place) => {
      const estimate = continuation(trial);
      const challenger = keepRoom && place === 0 && best !== undefined && rungScores.get(trial)! > rungScores.get(best.trial)!;
      if (best && !challenger && (spent() + estimate > finishBy || spent() + estimate + reserve() > budget)) return;
      scoreAt(trial, full, state);
    });
  };

  const randomTrials = Math.min(schedule.trials, Math.ceil((schedule.trials * 2) / 3));
  round([candidates.first, ...Array.from({ length: randomTrials - 1 }, () => candidates.random())], budget / 3, budget / 2);
  const perturbations: P[] = [];
  for (let t = randomTrials; t < schedule.trials; t++) {
    // A perturbation not tried yet; after a few misses, a fresh random setting.
    let candidate: P | undefined;
    for (let attempt = 0; attempt < 10 && !candidate; attempt++) {
      const perturbed = candidates.perturb(best!.trial.settings);
      const key = JSON.stringify(perturbed);
      if (!tried.has(key) && !perturbations.some((p) => JSON.stringify(p) === key)) candidate = perturbed;
    }
    perturbations.push(candidate ?? candidates.random());
  }
  if (perturbations.length > 0 && spent() < (budget * 2) / 3) round(perturbations, (budget * 2) / 3, budget, true);
  return { trials, best: best!.trial, bestState: best!.state };
}
