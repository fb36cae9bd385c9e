/**
 * The ranker a shop is served by: ALS, item-kNN and popularity, alone or blended.
 *   score(u, i) = a·s_als(u, i)/|max_j s_als(u, j)| + b·s_knn(u, i)/|max_j s_knn(u, j)| + c·pop(i)/max_j pop(j)
 * Each part is scaled by its largest score for the customer, so the weights trade parts of the same
 * size (and one part alone ranks as it does unblended); a part whose largest score is 0 adds nothing. Tuning chooses a, b and c on
 * validation data; ALS alone is (1, 0, 0).
 */
import { DEFAULT_ITEM_KNN_OPTIONS, type ItemKnnModel, type ItemKnnOptions, scoreItemKnn } from "./item-knn";
import { scoreAll } from "./scoring";

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

/** What a ranker scores with: the fitted parts of every model it may blend, over the same n products. */
export interface RankerParts {
  products: number;
  /** ALS product factors, n × factors (null: no ALS part). */
  itemFactors: Float32Array | null;
  factors: number;
  /** Item-kNN neighbour lists (null: no item-kNN part). */
  neighbours: ItemKnnModel | null;
  /** One popularity figure per product (any scale: each part is scaled by its largest score). */
  popularity: Float32Array;
  /** Products no part can score (no vector, nobody bought them): NaN in every ranking, never recommended by it. */
  unscorable?: ArrayLike<number>;
}

/** A customer's positive items and their summed weights, as item-kNN scores them. */
export interface ItemRow {
  indices: ArrayLike<number>;
  sums: ArrayLike<number>;
}

/** How much of each part a blended score holds, per unit of the part's own score (what explanations scale by). */
export interface BlendScales {
  als: number;
  itemKnn: number;
}

/**
 * The ranker a shop is served by and tuned with: the same object scores a customer in ranker selection
 * (training/ranker-selection.service.ts), in evaluation and in serving (serving/live-model.ts), so
 * what tuning measured is what the server runs. Its buffers are reused: one customer at a time.
 */
export class Ranker {
  readonly weights: RankerWeights;
  private readonly alsScores: Float32Array;
  private readonly knnScores: Float32Array;

  constructor(
    readonly settings: RankerSettings,
    readonly parts: RankerParts,
  ) {
    const w = blendWeights(settings);
    // A part the ranker has not got adds nothing (a version stored without neighbour lists, say).
    this.weights = { als: parts.itemFactors ? w.als : 0, itemKnn: parts.neighbours ? w.itemKnn : 0, popularity: w.popularity };
    this.alsScores = new Float32Array(parts.products);
    this.knnScores = new Float32Array(parts.products);
  }

  /** Whether the scores are ALS's own x · y_i (ALS alone, weight 1), not a blend's scaled sum. */
  get alsOnly(): boolean {
    const w = this.weights;
    return w.als === 1 && w.itemKnn === 0 && w.popularity === 0;
  }

  /** Whether scoring needs the customer's row (item-kNN is blended in). */
  get needsRow(): boolean {
    return this.weights.itemKnn > 0;
  }

  /**
   * out[i] = the ranker's score of product i for a customer with ALS vector x (unused without an ALS
   * part) and item row (read only when item-kNN is blended in); see the blend at the top of this file.
   */
  score(x: ArrayLike<number> | null, row: () => ItemRow, out: Float32Array): BlendScales {
    this.scoreParts(x, row, this.weights);
    return this.blend(this.weights, out);
  }

  /** Each part's own scores for a customer, kept for `blend`: only the parts `needed` weighs. */
  scoreParts(x: ArrayLike<number> | null, row: () => ItemRow, needed: RankerWeights = this.weights): void {
    const { parts } = this;
    if (parts.itemFactors && x && needed.als > 0) scoreAll(parts.itemFactors, parts.products, parts.factors, x, this.alsScores);
    else this.alsScores.fill(0);
    // Left out of the part's largest score too (maxScore skips NaN).
    const unscorable = parts.unscorable ?? [];
    for (let p = 0; p < unscorable.length; p++) this.alsScores[unscorable[p]] = Number.NaN;
    if (parts.neighbours && needed.itemKnn > 0) {
      const r = row();
      scoreItemKnn(parts.neighbours, r.indices, r.sums, this.knnScores);
    } else this.knnScores.fill(0);
  }

  /** out = the blend of the parts last scored with weights `w` (blendWeights of a ranker's settings). */
  blend(w: RankerWeights, out: Float32Array): BlendScales {
    const { parts } = this;
    const n = parts.products;
    const alsOnly = w.als === 1 && w.itemKnn === 0 && w.popularity === 0;
    if (alsOnly) out.set(this.alsScores);
    else out.fill(0, 0, n);
    const unscorable = parts.unscorable ?? [];
    for (let p = 0; p < unscorable.length; p++) out[unscorable[p]] = Number.NaN;
    if (alsOnly) return { als: 1, itemKnn: 0 };
    const [als, itemKnn] = blendInto(out, n, [
      { scores: this.alsScores, weight: w.als },
      { scores: this.knnScores, weight: w.itemKnn },
      { scores: parts.popularity, weight: w.popularity },
    ]);
    return { als, itemKnn };
  }
}
