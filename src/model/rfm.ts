/**
 * RFM analysis: recency, frequency and monetary value scored 1–5 by quintile, and a segment from the
 * R score and the rounded mean of the F and M scores.
 */
import { DAY_MS } from "../domain/time";

export const RFM_SEGMENTS = {
  Champions: "Reward them: early access to new products, loyalty perks; they are your best promoters.",
  "Loyal Customers": "Upsell higher-value products and ask for reviews; keep them engaged with a loyalty programme.",
  "Potential Loyalist": "Offer membership or a loyalty programme and recommend related products to deepen the habit.",
  "New Customers": "Onboard them well: a welcome series, help with the first use, and an easy second purchase.",
  Promising: "Build awareness with brand content and a modest first-repeat incentive.",
  "Need Attention": "Reach out with limited-time offers based on their past purchases before they drift.",
  "About To Sleep": "Re-engage with popular products and a personalised discount before they lapse.",
  "At Risk": "Send personalised win-back messages and offers on what they used to buy.",
  "Cannot Lose Them": "Win them back with your strongest offers and a personal touch; find out what went wrong.",
  Hibernating: "Offer other relevant products and special discounts; recreate brand value.",
  Lost: "Revive interest with a reach-out campaign; otherwise spend little on them.",
} as const;

export type RfmSegmentName = keyof typeof RFM_SEGMENTS;

/** SEGMENT_GRID[r − 1][fm − 1], where fm = round((f + m) / 2). */
const SEGMENT_GRID: readonly (readonly RfmSegmentName[])[] = [
  /* r=1 */ ["Lost", "Hibernating", "At Risk", "At Risk", "Cannot Lose Them"],
  /* r=2 */ ["Hibernating", "Hibernating", "At Risk", "At Risk", "Cannot Lose Them"],
  /* r=3 */ ["About To Sleep", "About To Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"],
  /* r=4 */ ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Loyal Customers"],
  /* r=5 */ ["New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"],
];

/** The FM score of the segment map: round((f + m) / 2), within 1..5. */
export function fmScore(f: number, m: number): number {
  return Math.min(5, Math.max(1, Math.round((f + m) / 2)));
}

export function segmentFor(r: number, f: number, m: number): RfmSegmentName {
  return SEGMENT_GRID[r - 1][fmScore(f, m) - 1];
}

/**
 * Quintile cut points of a population: with the values sorted ascending, b_q = s[⌈q·n/5⌉ − 1] for
 * q = 1..4. A value scores 1 + the number of cut points strictly below it, so equal values always share
 * a score and one customer can be scored later against the same cut points.
 */
export function quintileBoundaries(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return [0, 0, 0, 0];
  return [1, 2, 3, 4].map((q) => sorted[Math.max(0, Math.ceil((q * n) / 5) - 1)]);
}

/** 1 + the number of cut points strictly below the value. */
export function scoreAgainst(value: number, boundaries: readonly number[]): number {
  let score = 1;
  for (const b of boundaries) if (value > b) score++;
  return Math.min(5, score);
}

/** Quintile scores 1–5 for each value, higher value → higher score. */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const boundaries = quintileBoundaries(values);
  return Uint8Array.from(Array.from(values, (v) => scoreAgainst(v, boundaries)));
}

export interface RfmFigures {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmScore extends RfmFigures {
  r: number;
  f: number;
  m: number;
  label: RfmSegmentName;
}

/**
 * The cut points between scores 1|2, 2|3, 3|4 and 4|5 for each figure, ascending. Recency is in days
 * and scored the other way round: at most recency[0] days scores 5, more than recency[3] scores 1.
 */
export interface RfmThresholds {
  recency: number[];
  frequency: number[];
  monetary: number[];
}

/** Quintile thresholds of a population of customers. */
export function rfmThresholds(customers: readonly RfmFigures[]): RfmThresholds {
  return {
    recency: quintileBoundaries(customers.map((c) => c.recencyDays)),
    frequency: quintileBoundaries(customers.map((c) => c.frequency)),
    monetary: quintileBoundaries(customers.map((c) => c.monetary)),
  };
}

/** Scores one customer's figures against thresholds. */
export function scoreCustomer(figures: RfmFigures, t: RfmThresholds): RfmScore {
  const r = 6 - scoreAgainst(figures.recencyDays, t.recency);
  const f = scoreAgainst(figures.frequency, t.frequency);
  const m = scoreAgainst(figures.monetary, t.monetary);
  return { ...figures, r, f, m, label: segmentFor(r, f, m) };
}

/** Checks hand-set thresholds: four ascending numbers per figure. Returns a message, or null when fine. */
export function thresholdProblem(t: RfmThresholds): string | null {
  for (const [name, cuts] of Object.entries(t)) {
    if (!Array.isArray(cuts) || cuts.length !== 4 || cuts.some((v) => !Number.isFinite(v))) return `${name} needs four numbers`;
    for (let q = 1; q < 4; q++) if (cuts[q] < cuts[q - 1]) return `${name} thresholds must ascend`;
  }
  return null;
}

/**
 * Scores a population of customers: against `thresholds` if given, else against the population's own
 * quintiles (recency inverted: fewer days → higher R).
 */
export function scoreRfm(customers: readonly RfmFigures[], thresholds: RfmThresholds = rfmThresholds(customers)): RfmScore[] {
  return customers.map((c) => scoreCustomer(c, thresholds));
}

export function actionFor(label: string): string {
  return (RFM_SEGMENTS as Record<string, string>)[label] ?? "";
}

/** One customer's purchases, summed: the time of the last, the number of orders, the spend. */
export interface PurchaseTotals {
  /** ms since the epoch. */
  lastPurchase: number;
  orders: number;
  spend: number;
}

/** RFM figures against a reference date: whole days since the last purchase, orders, spend to the cent. */
export function rfmFigures(totals: PurchaseTotals, referenceDate: number): RfmFigures {
  return {
    recencyDays: Math.max(0, Math.floor((referenceDate - totals.lastPurchase) / DAY_MS)),
    frequency: totals.orders,
    monetary: Math.round(totals.spend * 100) / 100,
  };
}

/** The RFM reference date after a purchase at `time`: the start of the next UTC day. */
export function dayAfter(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS + DAY_MS;
}
