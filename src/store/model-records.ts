/**
 * What a model version is made of, as stored: its header (settings and training figures), its arrays,
 * and its per-customer rows, RFM scores, clusters and rules. Training writes these; serving reads them.
 */
import type { AlsOptions } from "../model/als";
import type { AnnOptions } from "../model/ann-index";
import type { AnnTuning } from "../model/ann-tuning";
import type { RuleThresholds } from "../model/basket";
import type { ClusterDescription, ClusteringOptions, ClusterPlacement } from "../model/behaviour-clusters";
import type { MetricSummary } from "../model/metrics";
import type { RankerSettings } from "../model/ranker";
import type { RfmThresholds } from "../model/rfm";
import type { Csr } from "../model/csr";
import type { CountWeighting } from "../model/count-weighting";
import type { EventWeights } from "../domain/records";
import type { StoredAnn } from "./ann.repository";
import type { IdIndex } from "./id-index";
import type { ProductRepurchase } from "./repurchase.repository";

/** The settings a model version was trained with. */
export interface ModelSettings extends AlsOptions {
  eventWeights: EventWeights;
  /** Half-life of recency weighting in days; 0 turns it off. */
  recencyHalfLifeDays: number;
  /** How the summed counts were weighed before confidence (versions before it: raw). */
  countWeighting?: CountWeighting;
  ruleThresholds: RuleThresholds;
  clustering: ClusteringOptions;
  /** What ranks a customer's products: ALS, item-kNN, popularity or a blend (versions before it: ALS). */
  ranker: RankerSettings;
}

/** How the behaviour clusters were chosen. */
export interface ClusteringInfo {
  features: string[];
  k: number;
  silhouettes: { k: number; silhouette: number }[];
  seconds: number;
}

/** How tuning chose the settings: its validation split, the chosen settings' metrics and every trial. */
export interface TuningRecord {
  tunedAt: string;
  /** temporal: the last part of the time span held out; holdout: a random share of each customer's products (older records lack it: temporal). */
  split?: "temporal" | "holdout";
  /** The temporal split's cutoff; null for a holdout. */
  validationCutoff: string | null;
  /** The share held out: of the time span (temporal) or of each customer's products (holdout). */
  validationFraction: number;
  /** Validation metrics of the chosen settings, at k = 10 and 20. */
  validation: MetricSummary[];
  /** Every setting tried, with its validation NDCG@10 after the sweeps it was trained for (older records lack them). */
  trials: (Partial<ModelSettings> & { ndcg10: number; sweeps?: number })[];
  /** The rankers compared with the best ALS settings, best first, with their validation NDCG@10 (older records lack them). */
  rankers?: { name: string; ndcg10: number }[];
  /**
   * The best found against the settings tuning started from: their validation NDCG@10, the best's mean
   * per-customer gain and its standard error, and whether it was clear enough to serve the best (older records lack it).
   */
  evidence?: { startingNdcg10: number; gain: number; standardError: number; clearlyBetter: boolean };
}

/** The figures of a training run, written once by training and read by serving and the report. */
export interface ModelStats {
  /** The newest interaction trained on (ms): the reference time of recency weighting; null without times. */
  dataEnd: number | null;
  customers: number;
  products: number;
  interactions: number;
  /** Interactions left out for breaking the input bounds (stored before they were checked; see store/sql.ts IN_BOUNDS). */
  outOfBounds: number;
  /** Customer–product pairs with a positive weight: the non-zeros ALS learns from. */
  pairs: number;
  seconds: number;
  secondsPerIteration: number;
  finalLoss: number;
  lossHistory: number[];
  baskets: number;
  rules: number;
  ruleSeconds: number;
  /** The RFM score thresholds used, so that live purchases are scored the same way; null for versions that predate them. */
  rfmThresholds: RfmThresholds | null;
  rfmThresholdSource: Record<keyof RfmThresholds, "configured" | "quintiles">;
  clustering: ClusteringInfo | null;
  /** How to place a customer into these clusters live; null without clusters. */
  clusterPlacement: ClusterPlacement | null;
  tuning: TuningRecord | null;
  /** The mean of the customers' summed weights, which BM25 count weighting normalizes rows by (versions before it lack it). */
  meanRowSum?: number;
  /** Why this version's settings were not tuned (null when they were, and in versions older than the field). */
  untunedReason: string | null;
  /** Buy again's shop-wide figures (null in versions older than buy again). */
  buyAgain: BuyAgainStats | null;
  /**
   * The HNSW graphs built with the version for a large catalogue: how many products, the settings
   * they were built with and build time, and what each graph's measurement set (versions before it
   * lack it); null without graphs.
   */
  ann?: { products: number; seconds: number; options: AnnOptions; graphs?: AnnTuning[] } | null;
}

export interface BuyAgainStats {
  /** Mean days between one customer's purchase days, over every customer: the prior of a next-order window. */
  orderGapDays: number;
  /** Customer–product pairs bought, and those with a purchase time (none: the data is undated). */
  pairs: number;
  datedPairs: number;
}

/** What describes a model version besides its arrays. */
export interface ModelHeader {
  factors: number;
  /** Older versions may lack settings added since; readers fill in the defaults. */
  params: Partial<ModelSettings>;
  stats: ModelStats;
  source: Record<string, unknown>;
  /**
   * The version's data cut: the id of the newest interaction it was trained on. Every interaction in the
   * file with an id up to it was trained on, across re-imports, kills and restarts: ids are never given
   * twice (migration 13), and an import keeps, with their ids, the rows it brings again
   * (import.repository.ts). Serving adds on top only what the API recorded after it (AFTER_CUT, sql.ts).
   */
  lastInteractionId: number;
  referenceDate: number | null;
}

export interface RfmRow {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  label: string;
}

/** A behaviour cluster as stored: its figures and description, with its members counted and its products by id. */
export type ClusterRow = Omit<ClusterDescription, "members" | "topProducts"> & {
  size: number;
  /** Product ids by buyers in the cluster, most first. */
  topProducts: string[];
};

/** A pairwise association rule between two products, by id. */
export interface RuleRow {
  antecedent: string;
  consequent: string;
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

/**
 * One customer's summed interaction weights per trained product (any sign, so a later event can still
 * tip a returned product positive), as of the model's data cut. `decaying` holds the timed part,
 * decayed to the model's data end; `fixed` the part recency weighting does not touch. Either is null
 * when it is all zeros.
 */
export interface CustomerRowTerms {
  customerId: string;
  /** Product indices of the model, ascending. */
  items: Int32Array;
  decaying: Float64Array | null;
  fixed: Float64Array | null;
}

/** What a training run hands to storage. Vectors are row-major, `factors` wide. */
export interface NewModel extends ModelHeader {
  customerIds: readonly string[];
  customerFactors: ArrayLike<number>;
  productIds: readonly string[];
  productFactors: ArrayLike<number>;
  /** Distinct customers who interacted positively with each product, aligned with productIds. */
  buyers: ArrayLike<number>;
  rfm: readonly RfmRow[];
  rules: readonly RuleRow[];
  clusters: readonly ClusterRow[];
  clusterOf: readonly { customerId: string; clusterId: number }[];
  /** Each customer's row as trained on (see CustomerRowTerms); omit for a model without them. */
  customerRows?: readonly CustomerRowTerms[];
  /** Item-kNN neighbour lists over productIds, when the ranker uses them. */
  neighbours?: Csr;
  /** Each bought product's repurchase figures (buy again's priors); omit for a model without them. */
  repurchase?: readonly ProductRepurchase[];
  /** HNSW graphs over the products' vectors (labels: product indices), for a large catalogue: one by inner product, one by cosine. */
  ann?: readonly StoredAnn[];
}

export interface StoredModel extends ModelHeader {
  id: number;
  createdAt: number;
  customers: IdIndex;
  customerFactors: Float32Array;
  products: IdIndex;
  productFactors: Float32Array;
  buyers: Int32Array;
  /** Whether the version stores its customers' rows (versions trained before they existed do not). */
  hasCustomerRows: boolean;
  /** Item-kNN neighbour lists over the products, when the ranker uses them. */
  neighbours: Csr | null;
}

/** Stats as read from a version's JSON: fields added since older versions were written are filled in. */
export function readModelStats(json: string): ModelStats {
  // Versions written before a field existed lack it: JSON gives undefined where the type says null.
  const stats: ModelStats = JSON.parse(json);
  return {
    ...stats,
    dataEnd: stats.dataEnd ?? null,
    outOfBounds: stats.outOfBounds ?? 0,
    rfmThresholds: stats.rfmThresholds ?? null,
    clustering: stats.clustering ?? null,
    clusterPlacement: stats.clusterPlacement ?? null,
    tuning: stats.tuning ?? null,
    untunedReason: stats.untunedReason ?? null,
    buyAgain: stats.buyAgain ?? null,
    ann: stats.ann ?? null,
  };
}
