/**
 * Tuning's budget counted in work rather than wall-clock time, so that the same data and seed choose
 * the same settings on a quiet machine and a busy one (CI, a shared VM, a container with a CPU quota).
 * Each ALS sweep and each scoring of the validation split is charged what it costs on the reference
 * machine class (2 cores), from the sizes it works on; the constants were measured once there (see
 * docs/evaluation.md). Wall-clock time stays an outer safety limit only.
 */
import type { Csr } from "../model/csr";
import type { Clock } from "./tuning-scheduler";

/** Reference seconds of one ALS sweep: per row and column, plus per row and column per k², plus per non-zero per k. */
const SWEEP_PER_LINE = 4.1e-6;
const SWEEP_PER_LINE_K2 = 3.9e-10;
const SWEEP_PER_NONZERO_K = 1.7e-10;
/** Reference seconds of scoring: per customer scored, product and factor (plus the top-k's share, as 9 factors). */
const SCORE_PER_CELL_K = 9.6e-10;
const SCORE_EXTRA_FACTORS = 9;

/** What one ALS sweep over `train` with `factors` costs: (rows + cols)·(a + b·k²) + nnz·c·k. */
export function sweepWork(train: Csr, factors: number): number {
  return (
    (train.rows + train.cols) * (SWEEP_PER_LINE + SWEEP_PER_LINE_K2 * factors * factors) +
    train.indices.length * SWEEP_PER_NONZERO_K * factors
  );
}

/** What scoring `scored` customers over `products` with `factors` costs: users·products·(k + 9)·d. */
export function scoringWork(scored: number, products: number, factors: number): number {
  return scored * products * (factors + SCORE_EXTRA_FACTORS) * SCORE_PER_CELL_K;
}

/** Wall-clock time tuning may take at most, for a work budget: three times it, and at least a minute. */
export function wallLimitSeconds(budgetSeconds: number): number {
  return Math.max(3 * budgetSeconds, budgetSeconds + 60);
}

/**
 * A clock that reads the work charged to it, in reference seconds; with a budget, once the wall clock
 * has passed its limit it reads the budget as spent (so nothing more starts), whatever the work.
 */
export class WorkClock implements Clock {
  private work = 0;
  private readonly wallStart: number;

  constructor(
    private readonly wall: Clock,
    private readonly budgetSeconds: number | null,
  ) {
    this.wallStart = wall.now();
  }

  charge(seconds: number): void {
    this.work += seconds;
  }

  now(): number {
    if (this.budgetSeconds === null) return this.work;
    const overLimit = this.wall.now() - this.wallStart >= wallLimitSeconds(this.budgetSeconds);
    return overLimit ? Math.max(this.work, this.budgetSeconds) : this.work;
  }
}
