/** The gamma distribution's functions buy again needs (model/buy-again.ts): P(a, x), survival, shape, median residual life. */
import { logGamma } from "./ab-statistics";

export const MIN_SHAPE = 0.3;
export const MAX_SHAPE = 50;

/** The regularized lower incomplete gamma P(a, x) (series below a + 1, continued fraction above; Numerical Recipes' gammp). */
export function lowerGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(lnFront));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - Math.exp(lnFront) * h);
}

/** S(x) = P(gap > x) for a gap ~ Gamma(shape, mean/shape). */
export function gapSurvival(x: number, mean: number, shape: number): number {
  return x <= 0 ? 1 : 1 - lowerGamma(shape, (x * shape) / mean);
}

/**
 * The gamma shape of a set of gaps from their mean and mean log (Minka's approximation of the MLE:
 * s = ln x̄ − mean(ln x), k ≈ (3 − s + √((s − 3)² + 24s)) / 12s), within [0.3, 50].
 */
export function gammaShape(meanGap: number, meanLogGap: number): number {
  const s = Math.log(meanGap) - meanLogGap;
  if (!(s > 1e-9)) return MAX_SHAPE;
  const k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  return Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, k));
}

/** The gap x ≥ e with S(x) = S(e)/2, by bisection to a hundredth of a day (S(e): `survived`). */
export function medianResidualGap(elapsed: number, survived: number, mean: number, shape: number): number {
  const target = survived / 2;
  if (!(target > 1e-12)) return elapsed;
  let lo = elapsed;
  let hi = Math.max(elapsed, mean) + mean;
  for (let i = 0; i < 60 && gapSurvival(hi, mean, shape) > target; i++) hi += hi - lo;
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (gapSurvival(mid, mean, shape) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
