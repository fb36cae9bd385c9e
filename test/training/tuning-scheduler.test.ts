import { describe, expect, it } from "vitest";
import { type Clock, END_SCORINGS, MIN_SETTINGS, rungOf, runSearch, type SearchSchedule } from "../../src/training/tuning-scheduler";

/** A point of a toy space: its kind, its index and the score it trains to. */
interface Point {
  kind: "first" | "random" | "perturbed";
  id: number;
  quality: number;
}

/** A clock only the runner moves: training costs `sweepCost` per sweep, a scoring `scoreCost`. */
function simulate(
  schedule: Omit<SearchSchedule, "startedAt">,
  sweepCost = 1,
  scoreCost = 1,
  options: { perturbedSweepCost?: number; perturbedGain?: number } = {},
) {
  let now = 0;
  const clock: Clock = { now: () => now };
  let next = 0;
  // Qualities that are not monotone in the order of drawing, so halving has something to choose.
  const quality = (id: number) => ((id * 7919) % 101) / 101;
  const candidates = {
    first: { kind: "first" as const, id: 0, quality: quality(0) },
    random: (): Point => ({ kind: "random", id: ++next, quality: quality(next) }),
    perturb: (p: Point): Point => ({
      kind: "perturbed",
      id: ++next,
      quality: Math.min(1, p.quality + (options.perturbedGain ?? 0.001) * next),
    }),
  };
  const starts: { point: Point; at: number }[] = [];
  const sweepsOf = new Map<number, number>();
  const runner = {
    train(point: Point, sweeps: number, state: number | undefined) {
      if (state === undefined) starts.push({ point, at: now });
      now += sweeps * (point.kind === "perturbed" ? (options.perturbedSweepCost ?? sweepCost) : sweepCost);
      sweepsOf.set(point.id, (sweepsOf.get(point.id) ?? 0) + sweeps);
      return point.id;
    },
    score(state: number) {
      now += scoreCost;
      return starts.find((s) => s.point.id === state)!.point.quality;
    },
  };
  const outcome = runSearch({ ...schedule, startedAt: 0 }, candidates, runner, clock);
  // What the end of tuning takes after the search: the winner's remaining sweeps and comparing rankers.
  const end = schedule.finalSweeps * sweepCost + END_SCORINGS * scoreCost;
  return { outcome, starts, sweepsOf, searchSeconds: now, end };
}

const SCHEDULE = { trials: 24, searchIterations: 6, finalSweeps: 6 };

describe("the tuning scheduler", () => {
  it("starts every first sweep run at a third of the search sweeps, at least two", () => {
    expect(rungOf(8)).toBe(3);
    expect(rungOf(6)).toBe(2);
    expect(rungOf(3)).toBe(2);
    expect(rungOf(1)).toBe(1);
  });

  it("tries every setting when there is no budget, and trains the best third of each round in full", () => {
    const { outcome, sweepsOf } = simulate({ ...SCHEDULE, budgetSeconds: null });
    expect(outcome.trials).toHaveLength(24);
    // 16 random (the first among them) then 8 perturbations; ceil(16/3) + ceil(8/3) continue.
    expect(outcome.trials.filter((t) => t.settings.kind === "perturbed")).toHaveLength(8);
    expect(outcome.trials.filter((t) => t.sweeps === 6)).toHaveLength(6 + 3);
    expect(outcome.trials.filter((t) => t.sweeps === 2)).toHaveLength(24 - 9);
    for (const t of outcome.trials) expect(sweepsOf.get(t.settings.id)).toBe(t.sweeps);
  });

  it("picks the best of the settings trained in full, not a better one that halving dropped early", () => {
    const { outcome } = simulate({ ...SCHEDULE, budgetSeconds: null });
    const full = outcome.trials.filter((t) => t.sweeps === SCHEDULE.searchIterations);
    expect(outcome.best.ndcg).toBe(Math.max(...full.map((t) => t.ndcg)));
    expect(outcome.bestState).toBe(outcome.best.settings.id);
  });

  it("tries the current settings and two random ones, and trains only the best in full, when the budget is zero", () => {
    const { outcome } = simulate({ ...SCHEDULE, budgetSeconds: 0 });
    expect(outcome.trials.map((t) => t.settings.kind)).toEqual(["first", "random", "random"]);
    expect(outcome.trials.filter((t) => t.sweeps === 6)).toEqual([outcome.best]);
    expect(MIN_SETTINGS).toBe(3);
  });

  it("follows a hand-computed schedule with a budget of 50 s", () => {
    // trials 9, 6 sweeps, rung 2; a sweep and a scoring cost 1 s each: a first run takes 3 s, a continuation
    // 5 s, the end 6 sweeps + 10 scorings = 16 s. Round 1 (start by 16.7 s, finish by 25 s): three starts
    // always; then a start fits while spent + 3 s + the reserve (the end and the best's continuation,
    // 21 s) stays within 50 s: starts at 9, 12 and 15 s. The best continues (18 to 23 s); the second would
    // finish at 28 s > 25 s. Perturbations (start by 33.3 s) need 3 s, the end's 16 s and room for one
    // continuation, 5 s: they start at 23 and 26 s, not at 29 s; the better continues to 34 s, and the
    // end takes the rest.
    const { outcome, starts, searchSeconds, end } = simulate({ trials: 9, searchIterations: 6, finalSweeps: 6, budgetSeconds: 50 });
    expect(starts.map((s) => s.at)).toEqual([0, 3, 6, 9, 12, 15, 23, 26]);
    expect(starts.map((s) => s.point.kind)).toEqual(["first", "random", "random", "random", "random", "random", "perturbed", "perturbed"]);
    expect(outcome.trials.map((t) => t.sweeps).sort()).toEqual([2, 2, 2, 2, 2, 2, 6, 6]);
    expect(outcome.best.settings.kind).toBe("perturbed");
    expect(searchSeconds).toBe(34);
    expect(searchSeconds + end).toBe(50);
  });

  it("trains the best perturbation in full when it measured better at equal sweeps, though it takes longer than the room kept", () => {
    // As above, but a perturbation's sweep costs 2 s: its continuation takes 9 s, not the 5 s kept.
    const schedule = { trials: 9, searchIterations: 6, finalSweeps: 6, budgetSeconds: 50 };
    const better = simulate(schedule, 1, 1, { perturbedSweepCost: 2 });
    expect(better.outcome.best.settings.kind).toBe("perturbed");
    expect(better.outcome.best.sweeps).toBe(6);
    // A perturbation that measured worse than the best at equal sweeps gets no more than the budget allows.
    const worse = simulate(schedule, 1, 1, { perturbedSweepCost: 2, perturbedGain: -0.05 });
    expect(worse.outcome.trials.filter((t) => t.settings.kind === "perturbed").map((t) => t.sweeps)).toEqual([2]);
    expect(worse.searchSeconds + worse.end).toBeLessThanOrEqual(50);
  });

  it("does the least when the budget is below it: three first runs and one continuation", () => {
    // 3 × 3 s + 5 s + 16 s = 30 s: a fourth start would end the search past 30 s.
    const { starts, searchSeconds, end } = simulate({ trials: 6, searchIterations: 6, finalSweeps: 6, budgetSeconds: 30 });
    expect(starts.map((s) => s.at)).toEqual([0, 3, 6]);
    expect(searchSeconds + end).toBe(30);
  });

  it("follows a hand-computed schedule with no budget", () => {
    // Four random first runs (12 s), two continue (10 s), two perturbations (6 s), one continues (5 s).
    const { outcome, searchSeconds } = simulate({ trials: 6, searchIterations: 6, finalSweeps: 6, budgetSeconds: null });
    expect(outcome.trials.map((t) => t.settings.kind)).toEqual(["first", "random", "random", "random", "perturbed", "perturbed"]);
    expect(searchSeconds).toBe(33);
  });

  const budgets = Array.from({ length: 40 }, (_, i) => 5 * (i + 1));

  it("starts random settings in the first third of the budget and perturbations by two thirds, past the first three", () => {
    for (const budget of budgets) {
      const { starts } = simulate({ ...SCHEDULE, budgetSeconds: budget });
      starts.slice(MIN_SETTINGS).forEach(({ point, at }) => {
        expect(at, `budget ${budget} s, ${point.kind} ${point.id}`).toBeLessThanOrEqual(
          point.kind === "perturbed" ? (budget * 2) / 3 : budget / 3,
        );
      });
    }
  });

  it("tries no fewer settings when the budget grows", () => {
    const tried = budgets.map((b) => simulate({ ...SCHEDULE, budgetSeconds: b }).outcome.trials.length);
    for (let i = 1; i < tried.length; i++) expect(tried[i], `budget ${budgets[i]} s`).toBeGreaterThanOrEqual(tried[i - 1]);
    expect(tried[0]).toBe(MIN_SETTINGS);
    expect(tried.at(-1)).toBe(SCHEDULE.trials);
    expect(new Set(tried).size, "budgets between the extremes give numbers between them").toBeGreaterThan(3);
  });

  for (const [sweepCost, scoreCost] of [
    [1, 1],
    [2, 0.5],
    [0.25, 3],
  ]) {
    it(`ends the search leaving the end its time within the budget, with sweeps of ${sweepCost} s and scorings of ${scoreCost} s`, () => {
      const rung = rungOf(SCHEDULE.searchIterations);
      // The least the search does: three first runs and one setting trained in full, then the end.
      const end = SCHEDULE.finalSweeps * sweepCost + END_SCORINGS * scoreCost;
      const minimal = MIN_SETTINGS * (rung * sweepCost + scoreCost) + (SCHEDULE.searchIterations - rung) * sweepCost + scoreCost + end;
      for (const budget of budgets.map((b) => b * Math.max(sweepCost, scoreCost))) {
        const run = simulate({ ...SCHEDULE, budgetSeconds: budget }, sweepCost, scoreCost);
        if (budget >= minimal) expect(run.searchSeconds + run.end, `budget ${budget} s`).toBeLessThanOrEqual(budget);
        else expect(run.searchSeconds + run.end, `budget ${budget} s`).toBeCloseTo(minimal, 9);
      }
    });
  }
});
