/** What the model being served is: its version, settings, training figures and how it was tuned. */
import type { MetricSummary } from "../model/metrics";
import { ALS_RANKER, rankerKind, type RankerKind, rankerName } from "../model/ranker";
import type { ModelSettings, ModelStats } from "../store";
import type { ModelHolder } from "./model-holder";

export interface TuningInfo {
  tunedAt: Date;
  validationCutoff: Date;
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

export interface ModelInfo {
  version: number;
  trainedAt: Date;
  factors: number;
  params: Partial<ModelSettings>;
  stats: ModelStats;
  source: Record<string, unknown>;
  customers: number;
  products: number;
  tuning: TuningInfo | null;
  ranker: RankerInfo;
}

export class ModelInfoService {
  constructor(private readonly holder: ModelHolder) {}

  /** The newest model version in the file: the one requests are served from. */
  describe(): ModelInfo {
    const s = this.holder.latest().stored;
    const t = s.stats.tuning;
    const r = s.params.ranker ?? ALS_RANKER;
    return {
      version: s.id,
      trainedAt: new Date(s.createdAt),
      factors: s.factors,
      params: s.params,
      stats: s.stats,
      source: s.source,
      customers: s.customers.size,
      products: s.products.size,
      tuning: t && {
        tunedAt: new Date(t.tunedAt),
        validationCutoff: new Date(t.validationCutoff),
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
