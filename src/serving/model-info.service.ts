/** What the model being served is: its version, settings, training figures and how it was tuned. */
import path from "node:path";
import { DEFAULT_ALS_OPTIONS } from "../model/als";
import type { MetricSummary } from "../model/metrics";
import { rankerKind, type RankerKind, rankerName } from "../model/ranker";
import type { ModelSettings, ModelStats, Store } from "../store";
import type { ModelHolder } from "./model-holder";
import type { LiveModel } from "./live-model";

export interface TuningInfo {
  tunedAt: Date;
  split: "temporal" | "holdout";
  heldOutShare: number;
  validationCutoff: Date | null;
  popularityNdcg: number | null;
  startingNdcg: number | null;
  keptStartingSettings: boolean;
  trials: number;
  validation: MetricSummary[];
}

/** What ranks the products: which model won on validation, and by how much. */
export interface RankerInfo {
  kind: RankerKind;
  name: string;
  weights: { als: number; itemKnn: number; popularity: number };
  /** The rankers tuning compared, best first, with their validation NDCG@10; empty when not tuned. */
  comparison: { name: string; ndcg: number }[];
}

/** Where the training data came from: its format and file or folder name, never a path on the server's disk. */
export interface DataSource {
  format: string | null;
  input: string | null;
}

export interface ModelInfo {
  /** The first and last interaction the version was trained on; null without times. */
  dataRange: { first: Date; last: Date } | null;
  counts: Pick<ModelStats, "customers" | "products" | "interactions" | "pairs" | "baskets" | "rules">;
  settings: ModelLiveSettings;
  training: Pick<ModelStats, "seconds" | "secondsPerIteration" | "finalLoss" | "lossHistory" | "ruleSeconds">;
  version: number;
  trainedAt: Date;
  factors: number;
  params: Partial<ModelSettings>;
  stats: ModelStats;
  source: DataSource;
  customers: number;
  products: number;
  tuning: TuningInfo | null;
  untunedReason: string | null;
  ranker: RankerInfo;
}

/** The settings a version was trained with, with the defaults of older versions filled in. */
export type ModelLiveSettings = LiveModel["params"] & Pick<ModelSettings, "factors" | "iterations" | "seed" | "solver" | "cgSteps">;

export class ModelInfoService {
  /** The data range of the version last described (a query over the interactions), by version. */
  private range: { id: number; value: ModelInfo["dataRange"] } | null = null;

  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
  ) {}

  /** The newest model version in the file: the one requests are served from. */
  describe(): ModelInfo {
    const model = this.holder.latest();
    const s = model.stored;
    if (this.range?.id !== s.id) {
      const span = this.store.interactions.timeSpan({ upToId: s.lastInteractionId });
      this.range = { id: s.id, value: span && { first: new Date(span.first), last: new Date(span.last) } };
    }
    const st = s.stats;
    const defaults = DEFAULT_ALS_OPTIONS;
    const input = typeof s.source.input === "string" ? path.basename(s.source.input) : null;
    const t = s.stats.tuning;
    // The ranker actually served (a version lacking the neighbour lists its ranker needs is served without item-kNN).
    const r = model.params.ranker;
    return {
      dataRange: this.range.value,
      counts: {
        customers: st.customers,
        products: st.products,
        interactions: st.interactions,
        pairs: st.pairs,
        baskets: st.baskets,
        rules: st.rules,
      },
      settings: {
        ...model.params,
        factors: s.factors,
        iterations: s.params.iterations ?? defaults.iterations,
        seed: s.params.seed ?? defaults.seed,
        solver: s.params.solver ?? defaults.solver,
        cgSteps: s.params.cgSteps ?? defaults.cgSteps,
      },
      training: {
        seconds: st.seconds,
        secondsPerIteration: st.secondsPerIteration,
        finalLoss: st.finalLoss,
        lossHistory: st.lossHistory,
        ruleSeconds: st.ruleSeconds,
      },
      version: s.id,
      trainedAt: new Date(s.createdAt),
      factors: s.factors,
      params: s.params,
      stats: s.stats,
      source: { format: typeof s.source.format === "string" ? s.source.format : null, input },
      customers: s.customers.size,
      products: s.products.size,
      untunedReason: t ? null : st.untunedReason,
      tuning: t && {
        tunedAt: new Date(t.tunedAt),
        split: t.split ?? "temporal",
        heldOutShare: t.validationFraction,
        validationCutoff: t.validationCutoff === null ? null : new Date(t.validationCutoff),
        popularityNdcg: t.rankers?.find((c) => c.name === "popularity")?.ndcg10 ?? null,
        startingNdcg: t.evidence?.startingNdcg10 ?? null,
        keptStartingSettings: t.evidence ? !t.evidence.clearlyBetter : false,
        trials: t.trials.length,
        validation: t.validation,
      },
      ranker: {
        kind: rankerKind(r),
        name: rankerName(r),
        weights: { als: r.als, itemKnn: r.itemKnn, popularity: r.popularity },
        comparison: (t?.rankers ?? []).map((c) => ({ name: c.name, ndcg: c.ndcg10 })),
      },
    };
  }
}
