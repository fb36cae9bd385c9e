/**
 * An experiment's figures per arm, and each arm against the control: click-through (lists with a
 * view), conversion (lists with a purchase) by the two-proportion z-test, revenue per list by Welch's
 * t-test. An arm is called better or worse only when its p-value is below 0.05 divided by the number
 * of arms compared with the control (Bonferroni), and never on too few lists.
 */
import type { Experiment, ExperimentArm } from "../domain/merchandising";
import {
  type Difference,
  type Estimate,
  meanInterval,
  sampleVariance,
  twoProportionTest,
  welchTest,
  wilsonInterval,
} from "./ab-statistics";

/** What one arm's lists earned: counts over lists, and the sums a mean and its variance need. */
export interface ArmCounts {
  arm: string;
  lists: number;
  /** Products shown. */
  impressions: number;
  views: number;
  carts: number;
  purchases: number;
  /** Lists at least one of whose products was viewed, and bought. */
  listsViewed: number;
  listsPurchased: number;
  /** Σ quantity × unit price of the attributed purchases, and Σ over lists of each list's revenue squared. */
  revenue: number;
  revenueSquares: number;
}

/** Fewest lists per arm, and fewest lists with (and without) the event, before a difference is called. */
export const MIN_LISTS = 30;
export const MIN_EVENTS = 5;
const ALPHA = 0.05;

export type Verdict = "tooSmall" | "noDifference" | "better" | "worse";

export interface Comparison extends Difference {
  /** The difference over the control's figure; null when the control's is 0. */
  relativeUplift: number | null;
  verdict: Verdict;
}

export interface ArmResult extends Omit<ArmCounts, "revenueSquares" | "arm"> {
  arm: ExperimentArm;
  control: boolean;
  clickThrough: Estimate;
  conversion: Estimate;
  revenuePerList: Estimate;
  /** Null for the control. */
  vsControl: { clickThrough: Comparison; conversion: Comparison; revenuePerList: Comparison } | null;
}

export interface ExperimentResults {
  experiment: Experiment;
  arms: ArmResult[];
  /** The p-value below which an arm is called (0.05 over the arms compared). */
  threshold: number;
}

function verdict(d: Difference, enough: boolean, threshold: number): Verdict {
  if (!enough) return "tooSmall";
  if (d.pValue >= threshold) return "noDifference";
  return d.difference > 0 ? "better" : "worse";
}

const relative = (difference: number, base: number) => (base > 0 ? difference / base : null);

export function experimentResults(experiment: Experiment, counts: readonly ArmCounts[]): ExperimentResults {
  const byArm = new Map(counts.map((c) => [c.arm, c]));
  const empty = (arm: string): ArmCounts => ({
    arm,
    lists: 0,
    impressions: 0,
    views: 0,
    carts: 0,
    purchases: 0,
    listsViewed: 0,
    listsPurchased: 0,
    revenue: 0,
    revenueSquares: 0,
  });
  const of = (arm: string) => byArm.get(arm) ?? empty(arm);
  const threshold = ALPHA / Math.max(1, experiment.arms.length - 1);
  const control = of(experiment.control);
  const mean = (c: ArmCounts) => (c.lists > 0 ? c.revenue / c.lists : 0);
  const variance = (c: ArmCounts) => sampleVariance(c.revenue, c.revenueSquares, c.lists);
  const rateEnough = (x: number, n: number) => n >= MIN_LISTS && x >= MIN_EVENTS && n - x >= MIN_EVENTS;
  const arms = experiment.arms.map((arm): ArmResult => {
    const c = of(arm.name);
    const isControl = arm.name === experiment.control;
    const rate = (x: (a: ArmCounts) => number): Comparison => {
      const d = twoProportionTest(x(c), Math.max(1, c.lists), x(control), Math.max(1, control.lists));
      const enough = rateEnough(x(c), c.lists) && rateEnough(x(control), control.lists);
      return {
        ...d,
        relativeUplift: relative(d.difference, x(control) / Math.max(1, control.lists)),
        verdict: verdict(d, enough, threshold),
      };
    };
    const revenue = (): Comparison => {
      const d = welchTest(mean(c), variance(c), c.lists, mean(control), variance(control), control.lists);
      const enough =
        c.lists >= MIN_LISTS && control.lists >= MIN_LISTS && c.listsPurchased >= MIN_EVENTS && control.listsPurchased >= MIN_EVENTS;
      return { ...d, relativeUplift: relative(d.difference, mean(control)), verdict: verdict(d, enough, threshold) };
    };
    const { revenueSquares: _squares, arm: _name, ...figures } = c;
    return {
      ...figures,
      arm,
      control: isControl,
      clickThrough: wilsonInterval(c.listsViewed, c.lists),
      conversion: wilsonInterval(c.listsPurchased, c.lists),
      revenuePerList: meanInterval(mean(c), variance(c), c.lists),
      vsControl: isControl
        ? null
        : { clickThrough: rate((a) => a.listsViewed), conversion: rate((a) => a.listsPurchased), revenuePerList: revenue() },
    };
  });
  return { experiment, arms, threshold };
}
