/**
 * The statistics of an A/B experiment: intervals for a rate and a mean, and tests of an arm against
 * the control (two-proportion z-test for rates, Welch's t-test for means), on plain numbers.
 */

/** A figure with its 95% confidence interval (null bounds: too few observations for one). */
export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
}

/** An arm against the control: the difference with its 95% interval, and the two-sided p-value. */
export interface Difference {
  difference: number;
  low: number;
  high: number;
  pValue: number;
}

const Z95 = 1.959963984540054;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 digits). */
export function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
    -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (Lentz's method, as in Numerical Recipes' betacf). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom: 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Φ(x) = 1 − ½·erfc(x/√2), the standard normal distribution. */
export function normalCdf(x: number): number {
  // erfc by its Chebyshev fit (Numerical Recipes' erfcc, relative error below 1.2e-7).
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The t with P(T ≤ t) = p (bisection on studentTCdf). */
export function studentTQuantile(p: number, df: number): number {
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Wilson's score interval for x successes in n: (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). */
export function wilsonInterval(x: number, n: number, z = Z95): Estimate {
  if (n === 0) return { value: 0, low: 0, high: 1 };
  const p = x / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Arm (x₁ of n₁) against control (x₂ of n₂): z = (p̂₁ − p̂₂)/√(p̄(1−p̄)(1/n₁ + 1/n₂)) with the pooled p̄,
 * the interval of the difference from the unpooled standard error √(p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂).
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): Difference & { z: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const difference = p1 - p2;
  const z = se0 > 0 ? difference / se0 : 0;
  return { difference, low: difference - Z95 * se, high: difference + Z95 * se, z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** A mean's interval from its sample variance: x̄ ± t₀.₉₇₅,ₙ₋₁·s/√n. */
export function meanInterval(mean: number, variance: number, n: number): Estimate {
  if (n < 2) return { value: mean, low: null, high: null };
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { value: mean, low: mean - half, high: mean + half };
}

/**
 * Welch's t-test of two means: t = (x̄₁ − x̄₂)/√(s₁²/n₁ + s₂²/n₂), with the Welch–Satterthwaite degrees
 * of freedom (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
 */
export function welchTest(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): Difference & { t: number; df: number } {
  const a = v1 / n1;
  const b = v2 / n2;
  const se = Math.sqrt(a + b);
  const difference = m1 - m2;
  if (!(se > 0)) return { difference, low: difference, high: difference, t: 0, df: n1 + n2 - 2, pValue: difference === 0 ? 1 : 0 };
  const df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  const t = difference / se;
  const half = studentTQuantile(0.975, df) * se;
  return {
    difference,
    low: difference - half,
    high: difference + half,
    t,
    df,
    pValue: Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df))),
  };
}

/** The sample variance from a sum and a sum of squares: (Σx² − n·x̄²)/(n − 1). */
export function sampleVariance(sum: number, squares: number, n: number): number {
  if (n < 2) return 0;
  const mean = sum / n;
  return Math.max(0, (squares - n * mean * mean) / (n - 1));
}
