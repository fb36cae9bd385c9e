/**
 * Buy again: how likely a customer is to buy one of their own products again within a horizon, and
 * when. Per customer and product, from the days they bought it (d₁ < … < dₙ) and the product's
 * population figures:
 *   - the gap between purchases is Gamma(k, m/k) with the product's shape k and a mean m from the
 *     gamma–Poisson posterior of the customer's rate: m = (a·μ + (dₙ − d₁)) / (a + n − 1), the
 *     product's mean gap μ counting as a pseudo-gaps (n = 1: m = μ);
 *   - the customer buys it again at all with p = (κ·r + n − 1) / (κ + n − 1), r the product's share of
 *     buyers who bought it on two days or more;
 *   - e days after the last purchase with none since, P(a purchase within H) =
 *     p·(S(e) − S(e + H)) / (p·S(e) + 1 − p), S the gap's survival function;
 *   - the next purchase is expected at the last one plus the gap's median given it has lasted e days:
 *     the x ≥ e with S(x) = S(e)/2.
 * Time-decayed frequency (TIFU-style, Σ 0.5^(age/half-life)) breaks ties. Undated purchases give
 * frequency only: p alone, and no dates.
 */
import { gammaShape, gapSurvival, medianResidualGap } from "./gamma";

/** A product's repurchase figures over every buyer (training), and shrunk towards the whole shop's. */
export interface RepurchasePrior {
  /** Mean gap between one customer's purchases of it, in days. */
  meanGapDays: number;
  /** Gamma shape of the gaps (1: exponential; larger: more regular). */
  shape: number;
  /** Share of its buyers who bought it on two days or more. */
  repeatRate: number;
}

/** Pseudo-gaps the product's mean gap counts as in a customer's own mean (a). */
export const PRIOR_GAPS = 2;
/** Pseudo-buyers the product's repeat rate counts as (κ). */
export const PRIOR_BUYERS = 4;
/** The half-life of the time-decayed frequency, in days. */
export const DECAY_HALF_LIFE_DAYS = 90;

/** Gaps of a customer's own a shape needs before it counts in full (it is shrunk towards the product's before). */
export const PRIOR_SHAPE_GAPS = 4;

/** The shape of one customer's gaps for a product, shrunk towards the product's: w·k_own + (1 − w)·k, w = g/(g + 4), g own gaps. */
export function ownShape(days: readonly number[], productShape: number): number {
  const gaps = days.length - 1;
  if (gaps < 2) return productShape;
  let logSum = 0;
  for (let i = 1; i < days.length; i++) logSum += Math.log(Math.max(1e-3, days[i] - days[i - 1]));
  const own = gammaShape((days[gaps] - days[0]) / gaps, logSum / gaps);
  const w = gaps / (gaps + PRIOR_SHAPE_GAPS);
  return w * own + (1 - w) * productShape;
}

/** One customer's history of one product. */
export interface OwnPurchases {
  /** Days (since the epoch, whole or not) of their dated purchases, ascending, one per day; empty when undated. */
  days: readonly number[];
  /** Orders in all, dated or not. */
  timesBought: number;
}

export interface BuyAgainEstimate {
  /** P(at least one purchase within the horizon). */
  probability: number;
  /** Day (since the epoch) of the expected next purchase; null without dates. */
  expectedDay: number | null;
  /** The customer's own mean gap, shrunk towards the product's (days); null without dates. */
  typicalGapDays: number | null;
  /** Σ 0.5^(age / half-life) over the purchase days (undated: the count). */
  decayedFrequency: number;
}

/** A customer's gap model for one product: p the chance they buy it again at all, the gap ~ Gamma(shape, mean/shape). */
interface GapModel {
  p: number;
  mean: number;
  shape: number;
  last: number;
}

function repeatPropensity(n: number, prior: RepurchasePrior): number {
  return (PRIOR_BUYERS * prior.repeatRate + n - 1) / (PRIOR_BUYERS + n - 1);
}

function gapModel(own: OwnPurchases, prior: RepurchasePrior): GapModel {
  const first = own.days[0];
  const last = own.days[own.days.length - 1];
  return {
    p: repeatPropensity(own.days.length, prior),
    mean: (PRIOR_GAPS * prior.meanGapDays + (last - first)) / (PRIOR_GAPS + own.days.length - 1),
    shape: ownShape(own.days, prior.shape),
    last,
  };
}

/** P(a purchase from day `from` to day `to` | none from the last one to `asOf`), from ≥ asOf: p·(S(from) − S(to)) / (p·S(e) + 1 − p). */
function windowProbability(m: GapModel, fromDay: number, toDay: number, survived: number): number {
  const active = m.p * survived + 1 - m.p;
  const inWindow = gapSurvival(fromDay - m.last, m.mean, m.shape) - gapSurvival(toDay - m.last, m.mean, m.shape);
  return active > 0 ? Math.min(1, Math.max(0, (m.p * inWindow) / active)) : 0;
}

function decayedFrequency(days: readonly number[], asOfDay: number): number {
  let sum = 0;
  for (const day of days) sum += 0.5 ** (Math.max(0, asOfDay - day) / DECAY_HALF_LIFE_DAYS);
  return sum;
}

/** The customer's buy-again estimate for one product, `asOfDay` being today (days since the epoch). */
export function buyAgainEstimate(own: OwnPurchases, prior: RepurchasePrior, asOfDay: number, horizonDays: number): BuyAgainEstimate {
  if (own.days.length === 0) {
    return {
      probability: repeatPropensity(own.timesBought, prior),
      expectedDay: null,
      typicalGapDays: null,
      decayedFrequency: own.timesBought,
    };
  }
  const m = gapModel(own, prior);
  const elapsed = Math.max(0, asOfDay - m.last);
  const survived = gapSurvival(elapsed, m.mean, m.shape);
  const from = m.last + elapsed;
  return {
    probability: windowProbability(m, from, from + horizonDays, survived),
    // Expected next purchase: the median of the gap given that it has lasted e days, S(x) = S(e)/2
    // (the median, not the mean: a gap's long tail would put the date of a lapsed product far off).
    expectedDay: m.last + medianResidualGap(elapsed, survived, m.mean, m.shape),
    typicalGapDays: m.mean,
    decayedFrequency: decayedFrequency(own.days, asOfDay),
  };
}

/**
 * Whether the customer's next purchase of a product is expected from day `from` to day `to` (from ≥
 * asOf), and if so with what chance it falls there: null when it is expected outside the window (two
 * survival figures tell, without solving for the date).
 */
export function dueInWindow(
  own: OwnPurchases,
  prior: RepurchasePrior,
  asOfDay: number,
  fromDay: number,
  toDay: number,
): { probability: number; expectedDay: number; typicalGapDays: number } | null {
  if (own.days.length === 0) return null;
  const m = gapModel(own, prior);
  const elapsed = Math.max(0, asOfDay - m.last);
  const survived = gapSurvival(elapsed, m.mean, m.shape);
  const half = survived / 2;
  const start = Math.max(fromDay, asOfDay);
  if (gapSurvival(start - m.last, m.mean, m.shape) < half || gapSurvival(toDay - m.last, m.mean, m.shape) > half) return null;
  return {
    probability: windowProbability(m, start, toDay, survived),
    expectedDay: m.last + medianResidualGap(elapsed, survived, m.mean, m.shape),
    typicalGapDays: m.mean,
  };
}

/** What training counts for a product's prior, over every customer's purchase days of it. */
export interface RepurchaseCounts {
  buyers: number;
  /** Buyers with purchases on two days or more. */
  repeatBuyers: number;
  /** Gaps between one customer's consecutive purchase days: how many, Σ gap and Σ ln gap. */
  gaps: number;
  gapSum: number;
  logGapSum: number;
}

/** A shop's typical repurchase, for products with too little of their own (and for a shop with no gaps at all). */
export const FALLBACK_PRIOR: RepurchasePrior = { meanGapDays: 60, shape: 1, repeatRate: 0.2 };
/** Gaps a product's own mean gap and shape need before they count in full (they are shrunk towards the shop's before). */
const PRIOR_PRODUCT_GAPS = 5;

/** The shop's prior and each product's, each product's shrunk towards the shop's by how many gaps and buyers it has. */
export function repurchasePriors(counts: readonly RepurchaseCounts[]): { shop: RepurchasePrior; products: RepurchasePrior[] } {
  const total = counts.reduce(
    (t, c) => ({
      buyers: t.buyers + c.buyers,
      repeatBuyers: t.repeatBuyers + c.repeatBuyers,
      gaps: t.gaps + c.gaps,
      gapSum: t.gapSum + c.gapSum,
      logGapSum: t.logGapSum + c.logGapSum,
    }),
    { buyers: 0, repeatBuyers: 0, gaps: 0, gapSum: 0, logGapSum: 0 },
  );
  const shop: RepurchasePrior =
    total.gaps > 0
      ? {
          meanGapDays: total.gapSum / total.gaps,
          shape: gammaShape(total.gapSum / total.gaps, total.logGapSum / total.gaps),
          repeatRate: total.buyers > 0 ? total.repeatBuyers / total.buyers : FALLBACK_PRIOR.repeatRate,
        }
      : { ...FALLBACK_PRIOR, repeatRate: total.buyers > 0 ? total.repeatBuyers / total.buyers : FALLBACK_PRIOR.repeatRate };
  const products = counts.map((c) => {
    const w = c.gaps / (c.gaps + PRIOR_PRODUCT_GAPS);
    const ownMean = c.gaps > 0 ? c.gapSum / c.gaps : shop.meanGapDays;
    const ownShape = c.gaps > 1 ? gammaShape(ownMean, c.logGapSum / c.gaps) : shop.shape;
    return {
      meanGapDays: w * ownMean + (1 - w) * shop.meanGapDays,
      shape: w * ownShape + (1 - w) * shop.shape,
      repeatRate: (c.repeatBuyers + PRIOR_BUYERS * shop.repeatRate) / (c.buyers + PRIOR_BUYERS),
    };
  });
  return { shop, products };
}

export function emptyCounts(): RepurchaseCounts {
  return { buyers: 0, repeatBuyers: 0, gaps: 0, gapSum: 0, logGapSum: 0 };
}

/** Adds one buyer's history of a product to its counts: gaps between their consecutive purchase days. */
export function countBuyer(counts: RepurchaseCounts, own: OwnPurchases): void {
  counts.buyers++;
  if (own.days.length > 1 || (own.days.length === 0 && own.timesBought > 1)) counts.repeatBuyers++;
  for (let i = 1; i < own.days.length; i++) {
    const gap = own.days[i] - own.days[i - 1];
    if (!(gap > 0)) continue;
    counts.gaps++;
    counts.gapSum += gap;
    counts.logGapSum += Math.log(gap);
  }
}

/** Priors by product id, and the shop's for a product without figures (new since training). */
export interface PriorTable {
  shop: RepurchasePrior;
  byProduct: ReadonlyMap<string, RepurchasePrior>;
}

export function priorTable(counts: ReadonlyMap<string, RepurchaseCounts>): PriorTable {
  const ids = [...counts.keys()];
  const { shop, products } = repurchasePriors(ids.map((id) => counts.get(id)!));
  return { shop, byProduct: new Map(ids.map((id, i) => [id, products[i]])) };
}

/** Buy-again order: the probability, then the time-decayed frequency, then the count (best first). */
export function compareBuyAgain(
  a: { estimate: BuyAgainEstimate; timesBought: number },
  b: { estimate: BuyAgainEstimate; timesBought: number },
): number {
  return (
    b.estimate.probability - a.estimate.probability ||
    b.estimate.decayedFrequency - a.estimate.decayedFrequency ||
    b.timesBought - a.timesBought
  );
}

/** A customer's distinct purchase days over their histories of every product: the first, the last and how many; null when none has a date. */
export interface OrderDays {
  first: number;
  last: number;
  count: number;
}

export function orderDaysOf(histories: readonly OwnPurchases[]): OrderDays | null {
  const days = new Set<number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const h of histories) {
    for (const d of h.days) {
      days.add(d);
      first = Math.min(first, d);
      last = Math.max(last, d);
    }
  }
  return days.size === 0 ? null : { first, last, count: days.size };
}

/**
 * A customer's next-order window: their mean days between order days, shrunk towards the shop's
 * (w = (2·g_shop + (dₙ − d₁)) / (2 + n − 1) over their n distinct purchase days), in whole days within [1, cap].
 * Buy again's default horizon: the list is about their next basket.
 */
export function orderWindowDays(days: OrderDays, shopOrderGapDays: number, cap: number): number {
  const own = (PRIOR_GAPS * shopOrderGapDays + (days.last - days.first)) / (PRIOR_GAPS + days.count - 1);
  return Math.min(cap, Math.max(1, Math.round(own)));
}

/** Accumulates the shop's mean days between one customer's order days: Σ (dₙ − d₁) / Σ (n − 1). */
export function shopOrderGap(spanSum: number, gapCount: number): number {
  return gapCount > 0 ? spanSum / gapCount : FALLBACK_PRIOR.meanGapDays;
}
