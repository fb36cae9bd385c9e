/**
 * K-means clustering (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii 2007) and a
 * fixed seed, on n points of d standardized features in a flat row-major Float64Array; plus the
 * silhouette coefficient (Rousseeuw 1987) to choose k.
 */
import { createRandom } from "./random";

export interface KMeansResult {
  k: number;
  /** k × d, row-major. */
  centroids: Float64Array;
  assignments: Int32Array;
  /** Σ squared distance of each point to its centroid. */
  inertia: number;
  iterations: number;
}

function squaredDistance(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = a[aOff + f] - b[bOff + f];
    s += diff * diff;
  }
  return s;
}

/** Z-scores per column; a constant column becomes 0. */
export function standardize(data: Float64Array, n: number, d: number): { z: Float64Array; mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += data[i * d + f] / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) std[f] += (data[i * d + f] - mean[f]) ** 2 / n;
  for (let f = 0; f < d; f++) std[f] = Math.sqrt(std[f]);
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) z[i * d + f] = std[f] > 0 ? (data[i * d + f] - mean[f]) / std[f] : 0;
  return { z, mean, std };
}

/** The index of the nearest centroid to a point. */
export function nearestCentroid(point: ArrayLike<number>, offset: number, centroids: Float64Array, k: number, d: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const dist = squaredDistance(point, offset, centroids, c * d, d);
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  return best;
}

export function kmeans(data: Float64Array, n: number, d: number, k: number, seed: number, maxIterations = 100): KMeansResult {
  if (k < 1 || k > n) throw new Error(`k must be between 1 and the number of points (${n}), got ${k}`);
  const random = createRandom(seed);
  // k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest chosen.
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(chosen * d, chosen * d + d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], squaredDistance(data, i * d, centroids, c * d, d));
      total += nearest[i];
    }
    if (c + 1 === k) break;
    let target = random() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i];
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
  }
  const assignments = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const c = nearestCentroid(data, i * d, centroids, k, d);
      if (c !== assignments[i]) {
        assignments[i] = c;
        changed++;
      }
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      for (let f = 0; f < d; f++) sums[c * d + f] += data[i * d + f];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // an empty cluster keeps its centre
      for (let f = 0; f < d; f++) centroids[c * d + f] = sums[c * d + f] / counts[c];
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(data, i * d, centroids, assignments[i] * d, d);
  return { k, centroids, assignments, inertia, iterations };
}

/**
 * Mean silhouette s(i) = (b − a) / max(a, b) over up to `sampleSize` points (a: mean distance to the
 * rest of its cluster, b: the least mean distance to another cluster), from −1 to 1; higher means
 * tighter, better separated clusters. O(sample · n · d).
 */
export function silhouette(
  data: Float64Array,
  n: number,
  d: number,
  assignments: Int32Array,
  k: number,
  sampleSize = 1000,
  seed = 1,
): number {
  const random = createRandom(seed);
  const sample =
    n <= sampleSize ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sampleSize }, () => Math.floor(random() * n));
  const sizes = new Int32Array(k);
  for (const c of assignments) sizes[c]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (const i of sample) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignments[j]] += Math.sqrt(squaredDistance(data, i * d, data, j * d, d));
    const own = assignments[i];
    if (sizes[own] <= 1) continue; // s(i) = 0 for a singleton
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / sample.length;
}

/** Runs k-means for each k in the range and keeps the one with the best silhouette. */
export function chooseK(
  data: Float64Array,
  n: number,
  d: number,
  range: readonly number[],
  seed: number,
): { best: KMeansResult; scores: { k: number; silhouette: number }[] } {
  let best: KMeansResult | null = null;
  let bestScore = -Infinity;
  const scores: { k: number; silhouette: number }[] = [];
  for (const k of range) {
    if (k > n) break;
    const result = kmeans(data, n, d, k, seed);
    const score = silhouette(data, n, d, result.assignments, k, 1000, seed);
    scores.push({ k, silhouette: score });
    if (score > bestScore) {
      bestScore = score;
      best = result;
    }
  }
  if (!best) throw new Error("no k in the range fits the data");
  return { best, scores };
}
