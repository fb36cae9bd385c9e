/**
 * The ranker a shop is served by: ALS, item-kNN and popularity, alone or blended.
 *   score(u, i) = a·s_als(u, i)/|max_j s_als(u, j)| + b·s_knn(u, i)/|max_j s_knn(u, j)| + c·pop(i)/max_j pop(j)
 * Each part is scaled by its largest score for the customer, so the weights trade parts of the same
 * size (and one part alone ranks as it does unblended); a part whose largest score is 0 adds nothing. Tuning chooses a, b and c on
 * validation data; ALS alone is (1, 0, 0).
 */
import { DEFAULT_ITEM_KNN_OPTIONS, type ItemKnnOptions } from "./item-knn";

export interface RankerWeights {
  als: number;
  itemKnn: number;
  popularity: number;
}

export interface RankerSettings extends RankerWeights {
  /** How the item-kNN part is fitted (used when itemKnn > 0). */
  knn: ItemKnnOptions;
}

export const ALS_RANKER: RankerSettings = { als: 1, itemKnn: 0, popularity: 0, knn: DEFAULT_ITEM_KNN_OPTIONS };

export type RankerKind = "als" | "item-knn" | "popularity" | "blend";

/** What a ranker is: one model alone, or a blend of several. */
export function rankerKind(w: RankerWeights): RankerKind {
  const parts = (["als", "itemKnn", "popularity"] as const).filter((p) => w[p] > 0);
  if (parts.length !== 1) return parts.length === 0 ? "popularity" : "blend";
  return parts[0] === "itemKnn" ? "item-knn" : parts[0];
}

/** A readable name: "ALS", "item-kNN (bm25, K=50)", "popularity" or "blend ALS 1 + item-kNN 0.5 + popularity 0.25". */
export function rankerName(r: RankerSettings): string {
  const knn = `item-kNN (${r.knn.weighting}, K=${r.knn.neighbours})`;
  switch (rankerKind(r)) {
    case "als":
      return "ALS";
    case "item-knn":
      return knn;
    case "popularity":
      return "popularity";
    default:
      return `blend ${[
        ["ALS", r.als],
        [knn, r.itemKnn],
        ["popularity", r.popularity],
      ]
        .filter(([, w]) => (w as number) > 0)
        .map(([name, w]) => `${name} ${w}`)
        .join(" + ")}`;
  }
}

/**
 * The weights a ranker blends with. Item-kNN scores nothing outside the neighbourhoods of a customer's
 * items, so where it is blended without popularity, a trace of popularity orders the rest.
 */
export function blendWeights(r: RankerWeights): RankerWeights {
  const tieBreak = r.itemKnn > 0 && r.popularity === 0 ? 1e-4 * r.itemKnn : 0;
  return { als: r.als, itemKnn: r.itemKnn, popularity: r.popularity + tieBreak };
}

/** The largest of the first n scores (NaN ignored), or 0 when there are none. */
export function maxScore(scores: ArrayLike<number>, n = scores.length): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (scores[i] > max) max = scores[i];
  return max === -Infinity ? 0 : max;
}

/** One part of a blend: its scores over the first n products and its weight. */
export interface BlendPart {
  scores: ArrayLike<number>;
  weight: number;
}

/**
 * out[i] = Σ_parts weight·scores[i]/|max(scores)| over i < n, leaving entries of `out` that are NaN as
 * they are; returns each part's scale (weight/|max|, 0 for a part that adds nothing), which explanations use.
 */
export function blendInto(out: Float32Array, n: number, parts: readonly BlendPart[]): number[] {
  const scales = parts.map(({ scores, weight }) => {
    const max = maxScore(scores, n);
    return weight > 0 && max !== 0 ? weight / Math.abs(max) : 0;
  });
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(out[i])) continue;
    let s = 0;
    for (let p = 0; p < parts.length; p++) if (scales[p] !== 0) s += scales[p] * parts[p].scores[i];
    out[i] = s;
  }
  return scales;
}
