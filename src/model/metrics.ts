/**
 * Ranking metrics for one user's top-k list against the set of items they went on to buy.
 * `ranked` is the recommended item indices, best first (at most k are read); `relevant` is non-empty.
 *
 *   precision@k = hits / k
 *   recall@k    = hits / |relevant|
 *   hitRate@k   = 1 if any hit, else 0
 *   NDCG@k      = Σ_{j ≤ k, ranked[j] relevant} 1/log2(j + 1)  /  Σ_{j ≤ min(k, |relevant|)} 1/log2(j + 1)
 *   AP@k        = Σ_{j ≤ k, ranked[j] relevant} precision@j  /  min(k, |relevant|)      (MAP@k: its mean)
 * with positions j counted from 1. Catalogue coverage@k is over all users: the share of the catalogue
 * that appears in at least one top-k list.
 */

export interface UserMetrics {
  precision: number;
  recall: number;
  hitRate: number;
  ndcg: number;
  averagePrecision: number;
}

export function rankingMetrics(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): UserMetrics {
  const n = Math.min(k, ranked.length);
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  for (let j = 0; j < n; j++) {
    if (!relevant.has(ranked[j])) continue;
    hits++;
    dcg += 1 / Math.log2(j + 2);
    precisionSum += hits / (j + 1);
  }
  const ideal = Math.min(k, relevant.size);
  let idcg = 0;
  for (let j = 0; j < ideal; j++) idcg += 1 / Math.log2(j + 2);
  return {
    precision: hits / k,
    recall: hits / relevant.size,
    hitRate: hits > 0 ? 1 : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    averagePrecision: ideal > 0 ? precisionSum / ideal : 0,
  };
}

export interface MetricSummary extends UserMetrics {
  k: number;
  users: number;
  /** Share of the catalogue recommended to at least one user. */
  coverage: number;
}

/** Accumulates per-user metrics at one k into means, and the set of recommended items into coverage. */
export class MetricAccumulator {
  private sums: UserMetrics = { precision: 0, recall: 0, hitRate: 0, ndcg: 0, averagePrecision: 0 };
  private users = 0;
  private readonly recommended: Uint8Array;

  constructor(
    readonly k: number,
    private readonly catalogueSize: number,
  ) {
    this.recommended = new Uint8Array(catalogueSize);
  }

  add(ranked: ArrayLike<number>, relevant: ReadonlySet<number>): void {
    const m = rankingMetrics(ranked, relevant, this.k);
    this.sums.precision += m.precision;
    this.sums.recall += m.recall;
    this.sums.hitRate += m.hitRate;
    this.sums.ndcg += m.ndcg;
    this.sums.averagePrecision += m.averagePrecision;
    this.users++;
    for (let j = 0; j < Math.min(this.k, ranked.length); j++) this.recommended[ranked[j]] = 1;
  }

  summary(): MetricSummary {
    const n = Math.max(1, this.users);
    let covered = 0;
    for (const r of this.recommended) covered += r;
    return {
      k: this.k,
      users: this.users,
      precision: this.sums.precision / n,
      recall: this.sums.recall / n,
      hitRate: this.sums.hitRate / n,
      ndcg: this.sums.ndcg / n,
      averagePrecision: this.sums.averagePrecision / n,
      coverage: this.catalogueSize > 0 ? covered / this.catalogueSize : 0,
    };
  }
}

/**
 * The mean of the paired differences d_u = a_u − b_u of two rankers' figures for the same customers,
 * and its standard error sd(d)/√n (0 for fewer than two customers).
 */
export function pairedGain(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; standardError: number } {
  const n = Math.min(a.length, b.length);
  if (n === 0) return { mean: 0, standardError: 0 };
  let sum = 0;
  for (let u = 0; u < n; u++) sum += a[u] - b[u];
  const mean = sum / n;
  if (n < 2) return { mean, standardError: 0 };
  let squares = 0;
  for (let u = 0; u < n; u++) squares += (a[u] - b[u] - mean) ** 2;
  return { mean, standardError: Math.sqrt(squares / (n - 1) / n) };
}
