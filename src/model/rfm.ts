/**
 * RFM analysis: recency, frequency and monetary value scored 1–5 by quintile, and a segment from the
 * R score and the rounded mean of the F and M scores.
 */

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

export function segmentFor(r: number, f: number, m: number): RfmSegmentName {
  const fm = Math.min(5, Math.max(1, Math.round((f + m) / 2)));
  return SEGMENT_GRID[r - 1][fm - 1];
}

/**
 * Quintile scores 1–5 for each value, higher value → higher score. Equal values always share a score:
 * a value's position is its mid-rank percentile, (number below + half the number equal) / n.
 */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const scores = new Uint8Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const percentile = (start + (end - start) / 2) / n;
    const score = Math.min(5, 1 + Math.floor(percentile * 5));
    for (let p = start; p < end; p++) scores[order[p]] = score;
    start = end;
  }
  return scores;
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

/** Scores a population of customers against each other. Recency is inverted: fewer days → higher R. */
export function scoreRfm(customers: readonly RfmFigures[]): RfmScore[] {
  const recency = quintileScores(customers.map((c) => -c.recencyDays));
  const frequency = quintileScores(customers.map((c) => c.frequency));
  const monetary = quintileScores(customers.map((c) => c.monetary));
  return customers.map((c, i) => ({
    ...c,
    r: recency[i],
    f: frequency[i],
    m: monetary[i],
    label: segmentFor(recency[i], frequency[i], monetary[i]),
  }));
}

export function actionFor(label: string): string {
  return (RFM_SEGMENTS as Record<string, string>)[label] ?? "";
}
